// ServerConfig: every setting of chanjiao-server.
//
// One table (config_fields(), config.cc) gives each setting its key, type,
// default and help. The same table drives the defaults, the config file, the
// environment, the command line and `--help`, later sources winning:
//
//   defaults < config file (--config FILE or CHANJIAO_CONFIG) < environment
//   (CHANJIAO_<KEY>) < flags (--key VALUE, --key=VALUE; booleans --key and
//   --no-key)
//
// The file holds `key = value` lines (`#` starts a comment line). Flags spell
// the key with dashes or underscores (--slow-query-ms, --slow_query_ms). A
// value that does not parse names the key and where it came from
// (FILE:LINE, the environment variable or the flag). Path settings may refer
// to other settings as {data_dir} and {index}, substituted once everything
// is read. Loaded once in main(), then passed by const reference.
//
// Adding a setting: a member here and a row in config_fields().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analyzers/analyzer.h"
#include "core/status.h"

namespace chanjiao::server {

// Members are value-initialised only; their defaults are in config_fields()
// (default_config() applies them).
struct ServerConfig {
  std::string index;  // IndexLayout root (required)
  // The analyzer's data (core/data_dir.h); must match the index's (see
  // allow_analyzer_mismatch).
  std::string data_dir;
  std::string dict_dir;
  std::string jieba_dict;
  std::string hmm_model;
  std::string opencc_config;
  bool allow_analyzer_mismatch{};
  std::string web_dir;       // static UI served at /; empty = none
  std::string openapi_file;  // served at /api/v1/openapi.json
  std::string bind;
  int port{};
  int threads{};
  int max_request_bytes{};
  int read_timeout_seconds{};
  int keep_alive_requests{};
  int keep_alive_seconds{};
  int slow_query_ms{};
  int long_query_words{};
  int publish_rate{};  // documents/s per API key (server/rate_limiter.h)
  bool access_log{};
  bool list_routes{};
  std::string query_log;  // "off" = none
  std::string store;      // "off" = no publishing API

  // The analyzer options these settings name.
  analysis::AnalyzerOptions analyzer_options() const;
};

// One setting: its key (file key; flag --key with dashes; environment
// variable CHANJIAO_KEY in capitals), the member it sets, its default as it
// would be written in a config file, and one line of help.
struct ConfigField {
  enum class Kind { kText, kPath, kInt, kBool };
  std::string key;
  Kind kind;
  std::variant<std::string ServerConfig::*, int ServerConfig::*, bool ServerConfig::*> member;
  std::string default_value;
  std::string help;
  int min = 0, max = 0;  // kInt: the accepted range
};

// The table, in the order --help lists it.
const std::vector<ConfigField>& config_fields();

// Every field at its default, placeholders substituted; `index` is empty.
ServerConfig default_config();

// Reads an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Loads the configuration from `args` (argv without the program name) and
// `env`. Errors are kInvalidArgument (a bad value, an unknown key or flag, a
// missing --index) or kNotFound (the config file cannot be read); the
// message names the key and its source.
Result<ServerConfig> load_config(const std::vector<std::string>& args, const EnvLookup& env);
// The same over main()'s arguments and the process environment.
Result<ServerConfig> load_config(int argc, char** argv);

// True when the arguments ask for --help (or -h).
bool help_requested(int argc, char** argv);
// The --help text, generated from config_fields().
std::string config_help();

}  // namespace chanjiao::server
