// libFuzzer target: chanjiao-server's config file (issue 17). The bytes are
// the file named by --config, read by load_config (server/config.h) as the
// server reads it: `key = value` lines, comments, every setting's parser and
// range check, path placeholders. The loader takes a path, so each input is
// written to one temporary file first; the environment is empty. A configuration it accepts must
// hold what main() relies on; anything else (a crash, a sanitizer report, an abort below) is a
// finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "server/config.h"

namespace {

const std::string& config_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern =
        std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/chanjiao-fuzz-config-XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd < 0) std::abort();
    close(fd);
    static std::string to_remove = pattern;
    std::atexit([] { std::remove(to_remove.c_str()); });
    return pattern;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 16) return 0;  // a config file is a few hundred bytes
  const std::string& path = config_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0) std::abort();
  // No environment: the input alone decides.
  auto config = chanjiao::server::load_config(
      {"--config", path}, [](const std::string&) -> std::optional<std::string> { return {}; });
  if (!config.is_ok()) {
    if (config.status().message().empty()) std::abort();  // a refusal must say why
    return 0;
  }
  const auto& c = config.value();
  if (c.index.empty() || c.store.empty()) std::abort();
  if (c.port < 0 || c.port > 65535 || c.threads < 1 || c.threads > 256) std::abort();
  if (c.publish_rate < 0 || c.slow_query_ms < 0 || c.long_query_words < 0) std::abort();
  return 0;
}
