#include "server/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/data_dir.h"
#include "search/long_query.h"

namespace chanjiao::server {
namespace {

using Kind = ConfigField::Kind;
using C = ServerConfig;

ConfigField text(std::string key, std::string C::*m, std::string def, std::string help) {
  return {std::move(key), Kind::kText, m, std::move(def), std::move(help)};
}
ConfigField path(std::string key, std::string C::*m, std::string def, std::string help) {
  return {std::move(key), Kind::kPath, m, std::move(def), std::move(help)};
}
ConfigField integer(std::string key, int C::*m, int def, int min, int max, std::string help) {
  return {std::move(key), Kind::kInt, m, std::to_string(def), std::move(help), min, max};
}
ConfigField boolean(std::string key, bool C::*m, bool def, std::string help) {
  return {std::move(key), Kind::kBool, m, def ? "true" : "false", std::move(help)};
}

std::vector<ConfigField> make_fields() {
  const analysis::AnalyzerOptions analyzer;  // the library's own defaults
  return {
      path("index", &C::index, "", "index root written by chanjiao-index (required)"),
      path("data_dir", &C::data_dir, "",
           "run-time data (dict/, jieba_hmm.tsv, web/, openapi.json); empty: share/chanjiao "
           "beside the executable, else ../share/chanjiao from it"),
      path("dict_dir", &C::dict_dir, "{data_dir}/dict",
           "the team's dictionaries (domain.dict, synonyms.txt, skills.txt, ...); must be the "
           "ones the index was built with"),
      path("jieba_dict", &C::jieba_dict, analyzer.base_dictionary,
           "jieba's dictionary (Debian's python3-jieba)"),
      path("hmm_model", &C::hmm_model, "{data_dir}/jieba_hmm.tsv",
           "jieba's HMM for unknown words, converted at build time"),
      text("opencc_config", &C::opencc_config, analyzer.opencc_config,
           "OpenCC configuration for traditional to simplified Chinese"),
      boolean("allow_analyzer_mismatch", &C::allow_analyzer_mismatch, false,
              "serve an index built with other dictionaries (queries may miss documents); "
              "without it the server refuses to start"),
      path("web", &C::web_dir, "{data_dir}/web", "static web UI served at /; empty: none"),
      path("openapi", &C::openapi_file, "{data_dir}/openapi.json",
           "the API description served at /api/v1/openapi.json"),
      text("bind", &C::bind, "127.0.0.1", "address to listen on"),
      integer("port", &C::port, 8080, 0, 65535, "TCP port; 0 picks a free one"),
      integer("threads", &C::threads, 8, 1, 256,
              "HTTP worker threads (one per open keep-alive connection)"),
      integer("max_request_bytes", &C::max_request_bytes, 1 << 20, 1, 1 << 30,
              "larger request bodies get 413"),
      integer("read_timeout_seconds", &C::read_timeout_seconds, 5, 1, 3600,
              "a request not received within this is dropped"),
      integer("keep_alive_requests", &C::keep_alive_requests, 100, 1, 1000000,
              "requests per keep-alive connection"),
      integer("keep_alive_seconds", &C::keep_alive_seconds, 5, 0, 3600,
              "idle keep-alive connections close after this"),
      integer("slow_query_ms", &C::slow_query_ms, 200, 0, 600000,
              "slower requests are logged to stderr"),
      integer("long_query_words", &C::long_query_words,
              static_cast<int>(search::LongQueryLimits::kMinWords), 0, 100000,
              "queries with more content words are searched as text, not query syntax"),
      integer("publish_rate", &C::publish_rate, 100, 0, 1000000,
              "documents a second one API key may publish, in bursts of 100 s worth; over it "
              "429 with Retry-After; 0: unlimited (SECURITY.md)"),
      boolean("access_log", &C::access_log, true, "log every request to stderr"),
      boolean("list_routes", &C::list_routes, false, "print every route (METHOD PATH) and exit"),
      path("query_log", &C::query_log, "{index}/query-log.sqlite",
           "search analytics log (SQLite); off: none"),
      path("store", &C::store, "{index}/store.db",
           "document store (SQLite) for publishing; off: no publishing API"),
  };
}

std::string env_name(const std::string& key) {
  std::string name = "CHANJIAO_";
  for (char c : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string flag_name(const std::string& key) {
  std::string name = "--";
  for (char c : key) name += c == '_' ? '-' : c;
  return name;
}

const ConfigField* find_field(std::string key) {
  for (char& c : key)
    if (c == '-') c = '_';
  for (const ConfigField& f : config_fields())
    if (f.key == key) return &f;
  return nullptr;
}

bool parse_bool(const std::string& v, bool& out) {
  for (const char* t : {"true", "1", "yes", "on"})
    if (v == t) return out = true, true;
  for (const char* f : {"false", "0", "no", "off"})
    if (v == f) return out = false, true;
  return false;
}

// Sets `field` in `c` from `value`; `source` says where the value came from.
Status apply(ServerConfig& c, const ConfigField& field, const std::string& value,
             const std::string& source) {
  auto bad = [&](const std::string& expected) {
    return Status::invalid_argument("invalid " + field.key + " '" + value + "' (from " + source +
                                    "): expected " + expected);
  };
  switch (field.kind) {
    case Kind::kText:
    case Kind::kPath:
      c.*std::get<std::string C::*>(field.member) = value;
      return Status::ok();
    case Kind::kInt: {
      int v = 0;
      size_t used = 0;
      try {
        v = std::stoi(value, &used);
      } catch (const std::exception&) {
        used = std::string::npos;
      }
      if (used != value.size() || v < field.min || v > field.max)
        return bad("an integer in " + std::to_string(field.min) + ".." + std::to_string(field.max));
      c.*std::get<int C::*>(field.member) = v;
      return Status::ok();
    }
    case Kind::kBool:
      if (!parse_bool(value, c.*std::get<bool C::*>(field.member)))
        return bad("true or false (also 1/0, yes/no, on/off)");
      return Status::ok();
  }
  return Status::internal("unhandled kind of " + field.key);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// Fills data_dir when empty and substitutes {data_dir} and {index} in paths.
void resolve(ServerConfig& c) {
  if (c.data_dir.empty()) c.data_dir = default_data_dir();
  for (const ConfigField& f : config_fields()) {
    if (f.kind != Kind::kPath || f.key == "data_dir") continue;
    std::string& value = c.*std::get<std::string C::*>(f.member);
    replace_all(value, "{data_dir}", c.data_dir);
    replace_all(value, "{index}", c.index);
  }
}

ServerConfig unresolved_defaults() {
  ServerConfig c;
  for (const ConfigField& f : config_fields())
    if (Status s = apply(c, f, f.default_value, "the default"); !s.is_ok()) {
      // A bad default is a programming error in the table above.
      std::abort();
    }
  return c;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

Status read_file(ServerConfig& c, const std::string& file) {
  std::ifstream in(file);
  if (!in) return Status::not_found("cannot open config file " + file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = file + ":" + std::to_string(n);
    size_t eq = line.find('=');
    if (eq == std::string::npos)
      return Status::invalid_argument(where + ": expected key = value, got '" + line + "'");
    const std::string key = trim(line.substr(0, eq));
    const ConfigField* field = find_field(key);
    if (field == nullptr || key.find('-') != std::string::npos)
      return Status::invalid_argument(where + ": unknown setting '" + key +
                                      "' (chanjiao-server --help lists them)");
    if (Status s = apply(c, *field, trim(line.substr(eq + 1)), where); !s.is_ok()) return s;
  }
  return Status::ok();
}

struct Flag {
  const ConfigField* field;
  std::string value;
  std::string source;
};

}  // namespace

analysis::AnalyzerOptions ServerConfig::analyzer_options() const {
  analysis::AnalyzerOptions options;
  options.base_dictionary = jieba_dict;
  options.hmm_model = hmm_model;
  options.dict_dir = dict_dir;
  options.opencc_config = opencc_config;
  return options;
}

const std::vector<ConfigField>& config_fields() {
  static const std::vector<ConfigField> fields = make_fields();
  return fields;
}

ServerConfig default_config() {
  ServerConfig c = unresolved_defaults();
  resolve(c);
  return c;
}

Result<ServerConfig> load_config(const std::vector<std::string>& args, const EnvLookup& env) {
  // Flags are parsed first (one of them may name the config file) but
  // applied last.
  std::vector<Flag> flags;
  std::optional<std::string> config_file = env("CHANJIAO_CONFIG");
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0)
      return Status::invalid_argument("unexpected argument '" + arg + "'");
    std::string name = arg.substr(2), value;
    const size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const std::string source = "flag --" + name;
    if (name == "config") {
      if (!inline_value && i + 1 >= args.size())
        return Status::invalid_argument("flag --config needs a file name");
      config_file = inline_value ? value : args[++i];
      continue;
    }
    const ConfigField* field = find_field(name);
    if (field == nullptr && !inline_value && name.rfind("no-", 0) == 0) {
      const ConfigField* negated = find_field(name.substr(3));
      if (negated != nullptr && negated->kind == Kind::kBool) {
        flags.push_back({negated, "false", source});
        continue;
      }
    }
    if (field == nullptr)
      return Status::invalid_argument("unknown flag --" + name +
                                      " (chanjiao-server --help lists them)");
    if (!inline_value) {
      if (field->kind == Kind::kBool) {
        value = "true";
      } else if (i + 1 >= args.size()) {
        return Status::invalid_argument(source + " needs a value");
      } else {
        value = args[++i];
      }
    }
    flags.push_back({field, value, source});
  }

  ServerConfig config = unresolved_defaults();
  if (config_file.has_value() && !config_file->empty())
    if (Status s = read_file(config, *config_file); !s.is_ok()) return s;
  for (const ConfigField& field : config_fields()) {
    const std::string name = env_name(field.key);
    if (std::optional<std::string> v = env(name); v.has_value() && !v->empty())
      if (Status s = apply(config, field, *v, "environment variable " + name); !s.is_ok()) return s;
  }
  for (const Flag& flag : flags)
    if (Status s = apply(config, *flag.field, flag.value, flag.source); !s.is_ok()) return s;

  if (config.index.empty())
    return Status::invalid_argument(
        "no index: pass --index DIR (or set CHANJIAO_INDEX, or `index = DIR` in the config file)");
  // An empty path would open SQLite's private temporary database: publications
  // acknowledged and then lost at exit (found by tests/fuzz/fuzz_config).
  if (config.store.empty()) return Status::invalid_argument("store: empty; give a path, or off");
  if (config.query_log.empty())
    return Status::invalid_argument("query_log: empty; give a path, or off");
  resolve(config);
  return config;
}

Result<ServerConfig> load_config(int argc, char** argv) {
  return load_config(std::vector<std::string>(argv + 1, argv + argc),
                     [](const std::string& name) -> std::optional<std::string> {
                       const char* v = std::getenv(name.c_str());
                       return v == nullptr ? std::nullopt : std::optional<std::string>(v);
                     });
}

bool help_requested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") return true;
  return false;
}

std::string config_help() {
  std::ostringstream out;
  out << "usage: chanjiao-server --index DIR [--config FILE] [--KEY VALUE]...\n\n"
         "Serves search over an index built by chanjiao-index. Every setting below is read,\n"
         "later sources winning, from its default, the config file (--config FILE or\n"
         "CHANJIAO_CONFIG; `key = value` lines, # comments), the environment (CHANJIAO_KEY)\n"
         "and the command line (--key VALUE or --key=VALUE; booleans --key / --no-key).\n"
         "Paths may use {data_dir} and {index}. A bad value exits with status 2.\n\n";
  for (const ConfigField& f : config_fields()) {
    std::string arg;
    switch (f.kind) {
      case Kind::kText:
        arg = " TEXT";
        break;
      case Kind::kPath:
        arg = " PATH";
        break;
      case Kind::kInt:
        arg = " N (" + std::to_string(f.min) + ".." + std::to_string(f.max) + ")";
        break;
      case Kind::kBool:
        arg = ", --no-" + flag_name(f.key).substr(2);
        break;
    }
    std::string def = f.default_value.empty() ? "none" : f.default_value;
    if (f.key == "data_dir") def = default_data_dir() + " (found from the executable)";
    out << "  " << flag_name(f.key) << arg << "\n      " << f.help << "\n      [" << env_name(f.key)
        << "; file: " << f.key << " = ...; default: " << def << "]\n";
  }
  return out.str();
}

}  // namespace chanjiao::server
