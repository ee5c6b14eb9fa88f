#include "server/config.h"

#include <doctest/doctest.h>

#include <map>

#include "core/data_dir.h"
#include "search/long_query.h"
#include "tests/test_support.h"

namespace chanjiao::server {
namespace {

using testing::TempDir;

// An environment of its own for each test, instead of the process's.
struct FakeEnv {
  std::map<std::string, std::string> vars;
  EnvLookup lookup() const {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = vars.find(name);
      return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
  }
};

Result<ServerConfig> load(std::vector<std::string> args, const FakeEnv& env = {}) {
  return load_config(args, env.lookup());
}

std::string error_of(std::vector<std::string> args, const FakeEnv& env = {}) {
  auto loaded = load(std::move(args), env);
  REQUIRE_FALSE(loaded.is_ok());
  return loaded.status().message();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST_CASE("every setting has a default that loads, and a unique key") {
  std::map<std::string, int> seen;
  for (const ConfigField& f : config_fields()) {
    CHECK(++seen[f.key] == 1);
    CHECK_FALSE(f.help.empty());
    // Each default, given as a flag, loads back as it was: the table's
    // defaults are values the loader accepts (index has none: it is required).
    if (f.key == "index") continue;
    auto loaded = load({"--index", "/i", "--" + f.key + "=" + f.default_value});
    CHECK_MESSAGE(loaded.is_ok(), f.key);
  }
}

TEST_CASE("the defaults are the table's, with placeholders resolved") {
  auto c = load({"--index", "/srv/idx"});
  REQUIRE(c.is_ok());
  CHECK(c->port == 8080);
  CHECK(c->bind == "127.0.0.1");
  CHECK(c->threads == 8);
  CHECK(c->max_request_bytes == 1 << 20);
  CHECK(c->access_log);
  CHECK_FALSE(c->allow_analyzer_mismatch);
  CHECK(c->long_query_words == static_cast<int>(search::LongQueryLimits::kMinWords));
  CHECK(c->data_dir == default_data_dir());
  CHECK(c->web_dir == c->data_dir + "/web");
  CHECK(c->openapi_file == c->data_dir + "/openapi.json");
  CHECK(c->store == "/srv/idx/store.db");
  CHECK(c->query_log == "/srv/idx/query-log.sqlite");
}

TEST_CASE("the analyzer options of the defaults are the analyzer's own for that data dir") {
  auto c = load({"--index", "/i", "--data-dir", "/opt/data"});
  REQUIRE(c.is_ok());
  const analysis::AnalyzerOptions expected = analysis::AnalyzerOptions::in_data_dir("/opt/data");
  const analysis::AnalyzerOptions got = c->analyzer_options();
  CHECK(got.dict_dir == expected.dict_dir);
  CHECK(got.hmm_model == expected.hmm_model);
  CHECK(got.base_dictionary == expected.base_dictionary);
  CHECK(got.opencc_config == expected.opencc_config);
  CHECK(c->web_dir == "/opt/data/web");
}

TEST_CASE("precedence: defaults < file < environment < flags") {
  TempDir dir;
  const std::string file = dir.write("server.conf",
                                     "# a comment\n"
                                     "index = /from/file\n"
                                     "port = 1111\n"
                                     "threads = 3\n"
                                     "  slow_query_ms =  42  \n"
                                     "access_log = false\n");
  FakeEnv env;
  env.vars = {{"CHANJIAO_PORT", "2222"}, {"CHANJIAO_THREADS", "4"}};

  SUBCASE("file over defaults") {
    auto c = load({"--config", file});
    REQUIRE(c.is_ok());
    CHECK(c->index == "/from/file");
    CHECK(c->port == 1111);
    CHECK(c->slow_query_ms == 42);
    CHECK_FALSE(c->access_log);
    CHECK(c->bind == "127.0.0.1");  // not in the file: the default
    CHECK(c->store == "/from/file/store.db");
  }
  SUBCASE("environment over file") {
    auto c = load({"--config", file}, env);
    REQUIRE(c.is_ok());
    CHECK(c->port == 2222);
    CHECK(c->threads == 4);
    CHECK(c->slow_query_ms == 42);
  }
  SUBCASE("flags over environment, in either spelling") {
    auto c = load({"--config", file, "--port", "3333", "--slow_query_ms=7", "--access-log"}, env);
    REQUIRE(c.is_ok());
    CHECK(c->port == 3333);
    CHECK(c->threads == 4);
    CHECK(c->slow_query_ms == 7);
    CHECK(c->access_log);
  }
  SUBCASE("the config file may come from CHANJIAO_CONFIG; --config wins") {
    FakeEnv e;
    e.vars = {{"CHANJIAO_CONFIG", file}};
    auto c = load({}, e);
    REQUIRE(c.is_ok());
    CHECK(c->port == 1111);
    const std::string other = dir.write("other.conf", "index = /other\n");
    auto d = load({"--config", other}, e);
    REQUIRE(d.is_ok());
    CHECK(d->index == "/other");
    CHECK(d->port == 8080);
  }
  SUBCASE("an empty environment variable counts as unset") {
    FakeEnv e;
    e.vars = {{"CHANJIAO_PORT", ""}};
    auto c = load({"--config", file}, e);
    REQUIRE(c.is_ok());
    CHECK(c->port == 1111);
  }
}

TEST_CASE("every setting loads from each source") {
  auto defaults = load({"--index", "/i"});
  REQUIRE(defaults.is_ok());
  for (const ConfigField& f : config_fields()) {
    // A value other than the default, of the setting's kind.
    const std::string value = f.kind == ConfigField::Kind::kInt ? std::to_string(f.min + 1)
                              : f.kind == ConfigField::Kind::kBool
                                  ? (f.default_value == "true" ? "false" : "true")
                                  : "/x/" + f.key;
    auto from_flag = load({"--index", "/i", "--" + f.key, value});
    if (f.kind == ConfigField::Kind::kBool)
      from_flag = load({"--index", "/i", "--" + f.key + "=" + value});
    REQUIRE_MESSAGE(from_flag.is_ok(), f.key);
    TempDir dir;
    const std::string file = dir.write("c.conf", "index = /i\n" + f.key + " = " + value + "\n");
    auto from_file = load({"--config", file});
    FakeEnv env;
    env.vars = {{"CHANJIAO_INDEX", "/i"}};
    std::string name = "CHANJIAO_";
    for (char ch : f.key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    env.vars[name] = value;
    auto from_env = load({}, env);
    REQUIRE_MESSAGE(from_file.is_ok(), f.key);
    REQUIRE_MESSAGE(from_env.is_ok(), f.key);
    std::visit(
        [&](auto member) {
          CHECK_MESSAGE(from_flag.value().*member != defaults.value().*member, f.key);
          CHECK_MESSAGE(from_file.value().*member == from_flag.value().*member, f.key);
          CHECK_MESSAGE(from_env.value().*member == from_flag.value().*member, f.key);
        },
        f.member);
  }
}

TEST_CASE("boolean flags: --key, --no-key, --key=VALUE") {
  auto a = load({"--index", "/i", "--no-access-log", "--allow-analyzer-mismatch"});
  REQUIRE(a.is_ok());
  CHECK_FALSE(a->access_log);
  CHECK(a->allow_analyzer_mismatch);
  auto b = load({"--index", "/i", "--access-log=off", "--list-routes=yes"});
  REQUIRE(b.is_ok());
  CHECK_FALSE(b->access_log);
  CHECK(b->list_routes);
}

TEST_CASE("placeholders are substituted after every source, and 'off' stays off") {
  auto c = load({"--index", "/idx", "--data-dir", "/d", "--store", "off", "--query-log",
                 "{index}/log.db", "--dict-dir", "{data_dir}/other-dict"});
  REQUIRE(c.is_ok());
  CHECK(c->store == "off");
  CHECK(c->query_log == "/idx/log.db");
  CHECK(c->dict_dir == "/d/other-dict");
  CHECK(c->hmm_model == "/d/jieba_hmm.tsv");
  auto no_web = load({"--index", "/idx", "--web="});
  REQUIRE(no_web.is_ok());
  CHECK(no_web->web_dir.empty());
}

TEST_CASE("each error names the key and where the value came from") {
  TempDir dir;
  SUBCASE("a bad value in the file: file:line") {
    const std::string file = dir.write("bad.conf", "index = /i\n\nport = eighty\n");
    const std::string e = error_of({"--config", file});
    CHECK(contains(e, file + ":3"));
    CHECK(contains(e, "port"));
    CHECK(contains(e, "'eighty'"));
    CHECK(contains(e, "0..65535"));
  }
  SUBCASE("an unknown key in the file") {
    const std::string file = dir.write("bad.conf", "index = /i\nprot = 80\n");
    const std::string e = error_of({"--config", file});
    CHECK(contains(e, file + ":2"));
    CHECK(contains(e, "'prot'"));
  }
  SUBCASE("a line that is not key = value") {
    const std::string file = dir.write("bad.conf", "index /i\n");
    CHECK(contains(error_of({"--config", file}), file + ":1"));
  }
  SUBCASE("a config file that cannot be read") {
    const std::string e = error_of({"--config", dir.file("missing.conf")});
    CHECK(contains(e, "missing.conf"));
  }
  SUBCASE("a bad environment variable") {
    FakeEnv env;
    env.vars = {{"CHANJIAO_THREADS", "0"}};
    const std::string e = error_of({"--index", "/i"}, env);
    CHECK(contains(e, "environment variable CHANJIAO_THREADS"));
    CHECK(contains(e, "threads"));
    CHECK(contains(e, "1..256"));
  }
  SUBCASE("a bad boolean in the environment") {
    FakeEnv env;
    env.vars = {{"CHANJIAO_ACCESS_LOG", "maybe"}};
    const std::string e = error_of({"--index", "/i"}, env);
    CHECK(contains(e, "CHANJIAO_ACCESS_LOG"));
    CHECK(contains(e, "'maybe'"));
  }
  SUBCASE("a bad flag value, either spelling") {
    CHECK(contains(error_of({"--index", "/i", "--port", "70000"}), "flag --port"));
    CHECK(contains(error_of({"--index", "/i", "--slow-query-ms=-1"}), "flag --slow-query-ms"));
    CHECK(contains(error_of({"--index", "/i", "--port", "80x"}), "'80x'"));
  }
  SUBCASE("an unknown flag, a flag without its value, a stray argument") {
    CHECK(contains(error_of({"--index", "/i", "--prot", "80"}), "--prot"));
    CHECK(contains(error_of({"--index", "/i", "--no-port"}), "--no-port"));
    CHECK(contains(error_of({"--index", "/i", "--port"}), "flag --port needs a value"));
    CHECK(contains(error_of({"--index", "/i", "stray"}), "'stray'"));
  }
  SUBCASE("no index anywhere") {
    CHECK(contains(error_of({}), "--index"));
  }
  SUBCASE("an empty store or query log (SQLite would open a temporary database)") {
    const std::string file = dir.write("empty.conf", "index = /i\nstore = \n");
    CHECK(contains(error_of({"--config", file}), "store: empty"));
    CHECK(contains(error_of({"--index", "/i", "--query-log", ""}), "query_log: empty"));
    CHECK(load({"--index", "/i", "--store", "off", "--query-log", "off"}).is_ok());
  }
  SUBCASE("a later good value does not hide an earlier bad one") {
    FakeEnv env;
    env.vars = {{"CHANJIAO_PORT", "x"}};
    CHECK(contains(error_of({"--index", "/i", "--port", "80"}, env), "CHANJIAO_PORT"));
  }
}

TEST_CASE("--help lists every setting with its flag, variable and default") {
  const std::string help = config_help();
  for (const ConfigField& f : config_fields()) {
    std::string flag = "--";
    for (char c : f.key) flag += c == '_' ? '-' : c;
    CHECK_MESSAGE(contains(help, flag), f.key);
    std::string env = "CHANJIAO_";
    for (char c : f.key) env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK_MESSAGE(contains(help, env), f.key);
    CHECK_MESSAGE(contains(help, f.help), f.key);
    if (!f.default_value.empty()) CHECK_MESSAGE(contains(help, f.default_value), f.key);
  }
}

}  // namespace
}  // namespace chanjiao::server
