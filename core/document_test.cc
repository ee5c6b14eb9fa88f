#include "core/document.h"

#include <doctest/doctest.h>

namespace chanjiao {
namespace {

TEST_CASE("a complete job posting parses and round-trips through to_json") {
  auto doc = parse_document(
      R"({"id":"job-1","type":"job","title":"C++软件开发工程师","body":"熟悉C++",)"
      R"("org":"湘江智能","region":"长沙","tags":["五险一金"],"skills":["C++","Qt"],)"
      R"("published_at":"2026-03-01","salary_min":8000,"salary_max":12000,"education":"本科",)"
      R"("experience":"1-3年","industry":"信息技术","major":"软件技术","unknown":1})");
  REQUIRE(doc.is_ok());
  CHECK(doc->type == DocType::kJob);
  CHECK(doc->skills.size() == 2);
  CHECK(*doc->salary_max == 12000);
  auto again = parse_document(to_json(doc.value()));
  REQUIRE(again.is_ok());
  CHECK(to_json(again.value()) == to_json(doc.value()));
  CHECK(to_json(doc.value()).find("unknown") == std::string::npos);
}

TEST_CASE("every kind of bad record is rejected with the field named") {
  struct Row {
    const char* json;
    const char* message_prefix;
  };
  const std::string long_title(600, 'x');
  const std::string oversized = R"({"id":"a","type":"job","title":")" + long_title + R"("})";
  const std::string bad_utf8 = "{\"id\":\"a\",\"type\":\"job\",\"title\":\"\xff\xfe\"}";
  const Row rows[] = {
      {"{not json", "json:"},
      {"[1,2]", "json: expected an object"},
      {R"({"type":"job","title":"t"})", "id: missing"},
      {R"({"id":"a b","type":"job","title":"t"})", "id: must be"},
      {R"({"id":7,"type":"job","title":"t"})", "id: expected a string"},
      {R"({"id":"a","title":"t"})", "type: missing"},
      {R"({"id":"a","type":"news","title":"t"})", "type: must be one of"},
      {R"({"id":"a","type":"job"})", "title: missing"},
      {R"({"id":"a","type":"job","title":"   "})", "title: missing"},
      {R"({"id":"a","type":"job","title":42})", "title: expected a string"},
      {oversized.c_str(), "title: too long"},
      {bad_utf8.c_str(), "title: invalid UTF-8"},
      {R"({"id":"a","type":"job","title":"t","tags":"x"})", "tags: expected an array"},
      {R"({"id":"a","type":"job","title":"t","skills":[1]})", "skills: expected an array"},
      {R"({"id":"a","type":"job","title":"t","published_at":"2026-02-30"})", "published_at:"},
      {R"({"id":"a","type":"job","title":"t","salary_min":"8000"})",
       "salary_min: expected an integer"},
      {R"({"id":"a","type":"job","title":"t","salary_min":-1})", "salary_min: out of range"},
      {R"({"id":"a","type":"job","title":"t","salary_min":9000,"salary_max":8000})",
       "salary_min: greater than salary_max"},
      {R"({"id":"a","type":"case","title":"t","year":1800})", "year: out of range"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.json);
    auto doc = parse_document(row.json);
    REQUIRE_FALSE(doc.is_ok());
    CHECK(doc.status().code() == StatusCode::kInvalidArgument);
    CHECK(doc.status().message().rfind(row.message_prefix, 0) == 0);
  }
}

TEST_CASE("null fields count as absent") {
  auto doc = parse_document(R"({"id":"a","type":"resource","title":"t","body":null,"year":null})");
  REQUIRE(doc.is_ok());
  CHECK(doc->body.empty());
  CHECK_FALSE(doc->year.has_value());
}

TEST_CASE("ISO days are validated and counted from the epoch") {
  CHECK(parse_iso_day("1970-01-02") == 1);
  CHECK(parse_iso_day("2024-02-29").has_value());
  CHECK_FALSE(parse_iso_day("2023-02-29").has_value());
  CHECK_FALSE(parse_iso_day("2024-1-01").has_value());
  CHECK_FALSE(parse_iso_day("yesterday").has_value());
}

}  // namespace
}  // namespace chanjiao
