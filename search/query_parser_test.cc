#include "search/query_parser.h"

#include <doctest/doctest.h>

namespace chanjiao::search {
namespace {

// Renders a parsed query compactly: groups joined by " & ", alternatives by
// " | ", phrases quoted, fields prefixed, exclusions after " ! ".
std::string render(const ParsedQuery& q) {
  auto clause = [](const Clause& c) {
    std::string field = c.field == ClauseField::kTitle   ? "title:"
                        : c.field == ClauseField::kOrg   ? "org:"
                        : c.field == ClauseField::kSkill ? "skill:"
                                                         : "";
    return field + (c.phrase ? "\"" + c.text + "\"" : c.text);
  };
  std::string out;
  for (const ClauseGroup& g : q.groups) {
    if (!out.empty()) out += " & ";
    for (size_t i = 0; i < g.alternatives.size(); ++i)
      out += (i ? " | " : "") + clause(g.alternatives[i]);
  }
  for (const Clause& c : q.excluded) out += " ! " + clause(c);
  if (q.salary_min || q.salary_max)
    out += " salary[" + (q.salary_min ? std::to_string(*q.salary_min) : "") + ".." +
           (q.salary_max ? std::to_string(*q.salary_max) : "") + "]";
  return out;
}

TEST_CASE("the query language parses like Elasticsearch's simple query string") {
  struct Row {
    const char* input;
    const char* expected;
  } rows[] = {
      {"软件 工程师", "软件 & 工程师"},
      {"\"数据 分析\" 上海", "\"数据 分析\" & 上海"},
      {"运维 -外包", "运维 ! 外包"},
      {"java OR python 开发", "java | python & 开发"},
      {"title:运维 org:华为 skill:PLC", "title:运维 & org:华为 & skill:PLC"},
      {"title:\"前端 开发\"", "title:\"前端 开发\""},
      {"salary:8000..15000 会计", "会计 salary[8000..15000]"},
      {"salary:20000..", " salary[20000..]"},
      {"C++ C#", "C++ & C#"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.input);
    CHECK(render(parse_query(row.input)) == row.expected);
  }
}

TEST_CASE("anything that is not valid syntax is searched as text") {
  struct Row {
    const char* input;
    const char* expected;
  } rows[] = {
      {"\"未闭合 引号", "\"未闭合 引号\""},
      {"OR", "OR"},
      {"运维 OR", "运维 & OR"},
      {"-", "-"},
      {"unknown:field", "unknown:field"},
      {"salary:abc..", "salary:abc.."},
      {"salary:9..1", "salary:9..1"},
      {"   ", ""},
      {"a\"b", "ab"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.input);
    CHECK(render(parse_query(row.input)) == row.expected);
  }
}

}  // namespace
}  // namespace chanjiao::search
