#include "store/query_log.h"

#include <doctest/doctest.h>

#include "tests/test_support.h"

namespace chanjiao::store {
namespace {

QueryLog::Normalizer lower() {
  return [](std::string_view q) {
    std::string s(q);
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  };
}

}  // namespace

TEST_CASE("query log cleans text: normalised, spaces collapsed, digit runs masked") {
  testing::TempDir dir;
  auto log = QueryLog::open(dir.file("log.sqlite"), lower());
  REQUIRE(log.is_ok());
  struct {
    const char* in;
    const char* out;
  } rows[] = {
      {"  Java   开发 ", "java 开发"},
      {"电话13812345678", "电话#"},
      {"2025 年 5g", "2025 年 5g"},  // short numbers stay
      {"\t\n", ""},
  };
  for (const auto& row : rows) CHECK(log.value()->clean(row.in) == row.out);
  std::string long_query(300, 'a');
  long_query += "汉字";
  CHECK(log.value()->clean(long_query).size() == QueryLog::kMaxQueryBytes);
}

TEST_CASE("query log counts queries and no-result queries, and keeps them across reopen") {
  testing::TempDir dir;
  const std::string path = dir.file("log.sqlite");
  {
    auto log = QueryLog::open(path, lower());
    REQUIRE(log.is_ok());
    QueryLog& q = *log.value();
    q.record("Java", 10);
    q.record("java", 12);
    q.record("焊接", 3);
    q.record("qxzj", 0);
    q.record("", 99);  // browsing: not logged
    auto stats = q.stats(7, 10);
    REQUIRE(stats.is_ok());
    CHECK(stats->searches == 4);
    CHECK(stats->no_result == 1);
    REQUIRE(stats->top.size() == 3);
    CHECK(stats->top[0].query == "java");
    CHECK(stats->top[0].count == 2);
    CHECK(stats->top[0].last_total == 12);
    REQUIRE(stats->no_results.size() == 1);
    CHECK(stats->no_results[0].query == "qxzj");
    REQUIRE(stats->by_day.size() == 1);
    CHECK(stats->by_day[0].searches == 4);
  }
  auto reopened = QueryLog::open(path, lower());
  REQUIRE(reopened.is_ok());
  auto stats = reopened.value()->stats(7, 1);
  REQUIRE(stats.is_ok());
  CHECK(stats->searches == 4);
  CHECK(stats->top.size() == 1);
}

TEST_CASE("query log reports an unusable path") {
  CHECK_FALSE(QueryLog::open("/nonexistent-dir/x/log.sqlite", lower()).is_ok());
}

}  // namespace chanjiao::store
