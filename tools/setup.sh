# Shared by run.sh and test.sh: install what is missing, then build.
# Sourced, not executed.

# Debian packages the build and the running product need.
CHANJIAO_PACKAGES=(
  build-essential cmake pkg-config python3
  libxapian-dev xapian-tools libicu-dev libopencc-dev opencc
  rapidjson-dev doctest-dev libcpp-httplib-dev
  python3-jieba   # jieba's dictionary and HMM: data for our segmenter
  libsqlite3-dev  # the search-analytics query log and the document store
  libssl-dev      # SHA-256 (OpenSSL EVP) for API-key hashes and content hashes
  nodejs npm      # browser libraries of web/ (ECharts), installed from npm at setup
)
# Only the test suite and benchmarks need these.
# nginx: the front proxy of deploy/nginx.conf; tests/integration/test_slow_clients.py starts
# its own instance on loopback. (On a systemd machine Debian also starts the nginx service
# with its default site on port 80 when installing it: `systemctl disable --now nginx` if
# that is unwanted; the tests do not use it.)
CHANJIAO_TEST_PACKAGES=(chromium fonts-noto-cjk wrk sqlite3 nginx)
# Only the libFuzzer build (tools/fuzz.sh) needs these; ./test.sh replays the
# seed corpora with the normal compiler.
CHANJIAO_FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)

chanjiao_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

chanjiao_install_packages() {
  local missing=()
  for pkg in "$@"; do
    # nodejs/npm may come from elsewhere (e.g. a newer Node on PATH); accept that.
    if [[ $pkg == nodejs && -x "$(command -v node)" ]]; then continue; fi
    if [[ $pkg == npm && -x "$(command -v npm)" ]]; then continue; fi
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  chanjiao_log "installing Debian packages: ${missing[*]}"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
}

chanjiao_build() {
  if [[ ! -f build/CMakeCache.txt ]]; then
    chanjiao_log "configuring build/"
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  chanjiao_log "building"
  cmake --build build -j"$(nproc)" -- --no-print-directory
}

# Browser libraries of web/ (ECharts for the insights dashboard), from npm into
# web/vendor/ (git-ignored): served by our server, never fetched at page load.
chanjiao_vendor_web() {
  if [[ ! -f web/vendor/echarts.min.js || web/package-lock.json -nt web/vendor/echarts.min.js ]]; then
    chanjiao_log "installing web/ libraries from npm"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    mkdir -p web/vendor
    cp web/node_modules/echarts/dist/echarts.min.js web/vendor/
  fi
}

# Test-only npm packages of web/tests (playwright-core, which drives Debian's
# chromium; no browser download). Run once before the browser tests, never by
# several tests at a time (npm ci in one folder is not safe in parallel).
chanjiao_install_browser_test_deps() {
  if [[ ! -d web/tests/node_modules/playwright-core ]]; then
    chanjiao_log "installing web/tests libraries from npm"
    (cd web/tests && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
