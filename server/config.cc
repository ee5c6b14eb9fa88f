#include "server/config.h"

#include <cstdlib>
#include <fstream>
#include <map>

namespace chanjiao::server {
namespace {

Status apply(ServerConfig& c, const std::string& key, const std::string& value) {
  auto as_int = [&](int& out, int min, int max) -> Status {
    try {
      size_t used = 0;
      int v = std::stoi(value, &used);
      if (used != value.size() || v < min || v > max) throw std::out_of_range(key);
      out = v;
      return Status::ok();
    } catch (const std::exception&) {
      return Status::invalid_argument(key + ": expected an integer in " + std::to_string(min) +
                                      ".." + std::to_string(max) + ", got '" + value + "'");
    }
  };
  if (key == "index")
    c.index = value;
  else if (key == "web")
    c.web_dir = value;
  else if (key == "bind")
    c.bind = value;
  else if (key == "query_log")
    c.query_log = value;
  else if (key == "store")
    c.store = value;
  else if (key == "port")
    return as_int(c.port, 0, 65535);
  else if (key == "threads")
    return as_int(c.threads, 1, 256);
  else if (key == "slow_query_ms")
    return as_int(c.slow_query_ms, 0, 600000);
  else if (key == "long_query_words")
    return as_int(c.long_query_words, 0, 100000);
  else if (key == "publish_rate")
    return as_int(c.publish_rate, 0, 1000000);
  else
    return Status::invalid_argument("unknown setting '" + key + "'");
  return Status::ok();
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

Result<ServerConfig> load_config(int argc, char** argv) {
  ServerConfig config;
  std::map<std::string, std::string> flags;
  std::string config_file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--no-access-log") {
      config.access_log = false;
      continue;
    }
    if (arg == "--list-routes") {
      config.list_routes = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0 || i + 1 >= argc)
      return Status::invalid_argument("unexpected argument '" + arg + "'");
    std::string key = arg.substr(2);
    for (char& ch : key)
      if (ch == '-') ch = '_';
    if (key == "config") {
      config_file = argv[++i];
    } else {
      flags[key] = argv[++i];
    }
  }
  if (!config_file.empty()) {
    std::ifstream in(config_file);
    if (!in) return Status::not_found("cannot open config file " + config_file);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      line = trim(line);
      if (line.empty() || line[0] == '#') continue;
      size_t eq = line.find('=');
      if (eq == std::string::npos)
        return Status::invalid_argument(config_file + ":" + std::to_string(n) +
                                        ": expected key = value");
      if (Status s = apply(config, trim(line.substr(0, eq)), trim(line.substr(eq + 1))); !s.is_ok())
        return Status::invalid_argument(config_file + ":" + std::to_string(n) + ": " + s.message());
    }
  }
  for (const auto& [env, key] : {std::pair{"CHANJIAO_BIND", "bind"},
                                 {"CHANJIAO_PORT", "port"},
                                 {"CHANJIAO_THREADS", "threads"},
                                 {"CHANJIAO_INDEX", "index"},
                                 {"CHANJIAO_STORE", "store"}}) {
    if (const char* v = std::getenv(env); v != nullptr && *v != '\0')
      if (Status s = apply(config, key, v); !s.is_ok())
        return Status::invalid_argument(std::string(env) + ": " + s.message());
  }
  for (const auto& [key, value] : flags)
    if (Status s = apply(config, key, value); !s.is_ok()) return s;
  if (config.index.empty()) return Status::invalid_argument("--index DIR is required");
  if (config.store.empty()) config.store = config.index + "/store.db";
  return config;
}

}  // namespace chanjiao::server
