#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan, UBSan) into build-fuzz/ and runs
# each from its committed seed corpus for SECONDS (default 120, the issue's
# acceptance run). New inputs go to build-fuzz/corpus/<target>, crashes to
# build-fuzz/crashes/; copy a crash into tests/fuzz/corpus/<target>/ once it
# is fixed, so the replay ctests keep it fixed.
#   usage: tools/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
chanjiao_install_packages "${CHANJIAO_PACKAGES[@]}" "${CHANJIAO_FUZZ_PACKAGES[@]}"
seconds=${1:-120}
shift || true
targets=("${@:-fuzz_analyzer fuzz_query_parser fuzz_document_json fuzz_config}")
read -r -a targets <<<"${targets[*]}"
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCHANJIAO_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}" -- --no-print-directory
mkdir -p build-fuzz/crashes
for target in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$target"
  chanjiao_log "$target: ${seconds}s"
  "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="build-fuzz/crashes/$target-" \
    "build-fuzz/corpus/$target" "tests/fuzz/corpus/$target"
done
