#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds, runs every
# test (doctest unit tests, integration tests against the real server,
# browser tests in headless Chromium). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
source tools/setup.sh

chanjiao_install_packages "${CHANJIAO_PACKAGES[@]}" "${CHANJIAO_TEST_PACKAGES[@]}"
chanjiao_build
chanjiao_vendor_web
chanjiao_log "running tests"
ctest --test-dir build --output-on-failure -j2 --timeout 600
