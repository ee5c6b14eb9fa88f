#include "core/document.h"

#include <doctest/doctest.h>

#include "core/utf8.h"

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
      {R"({"id":"a","type":"news","title":"t"})",
       "type: must be one of job, resource, case, series"},
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

// A valid monthly rate series with `extra` spliced into the object and
// `observations` as its observation array.
std::string series_json(const std::string& observations, const std::string& extra = "") {
  return R"({"id":"s1","type":"series","name":"城镇调查失业率","unit":"%","frequency":"M",)"
         R"("region":"全国","org":"国家统计局","observations":)" +
         observations + extra + "}";
}

TEST_CASE("a series parses, sorts its observations and round-trips through to_json") {
  auto doc = parse_document(series_json(
      R"([{"period":"2024-02","value":5.3},{"period":"2024-01","value":5.2,"note":"春节"}])",
      R"(,"methodology":"住户调查","breaks":[{"period":"2024-01","note":"新口径"}])"));
  REQUIRE(doc.is_ok());
  CHECK(doc->type == DocType::kSeries);
  CHECK(doc->title == "城镇调查失业率");
  CHECK(doc->body == "住户调查");
  REQUIRE(doc->observations.size() == 2);
  CHECK(doc->observations[0].period == "2024-01");
  CHECK(doc->observations[0].note == "春节");
  CHECK(doc->observations[1].value == 5.3);
  REQUIRE(doc->breaks.size() == 1);
  const std::string json = to_json(doc.value());
  CHECK(json.find(R"("observations":[{"period":"2024-01","value":5.2,"note":"春节"})") !=
        std::string::npos);
  CHECK(json.find(R"("cumulative":false)") != std::string::npos);
  auto again = parse_document(json);
  REQUIRE(again.is_ok());
  CHECK(to_json(again.value()) == json);
}

TEST_CASE("series periods follow the frequency") {
  struct Row {
    const char* frequency;
    const char* period;
    bool valid;
  };
  const Row rows[] = {
      {"M", "2024-01", true},  {"M", "2024-12", true},  {"M", "2024-13", false},
      {"M", "2024-00", false}, {"M", "2024-1", false},  {"M", "2024/01", false},
      {"M", "2024", false},    {"Q", "2024-Q1", true},  {"Q", "2024-Q4", true},
      {"Q", "2024-Q5", false}, {"Q", "2024-01", false}, {"Y", "2024", true},
      {"Y", "0999", false},    {"Y", "2024-01", false}, {"X", "2024", false},
  };
  for (const Row& row : rows) {
    CAPTURE(row.frequency);
    CAPTURE(row.period);
    CHECK(valid_period(row.frequency, row.period) == row.valid);
  }
}

TEST_CASE("bad series are rejected naming the field and the observation") {
  struct Row {
    std::string json;
    const char* message_prefix;
  };
  const Row rows[] = {
      {series_json(R"([{"period":"2024-01","value":5},{"period":"2024/02","value":5}])"),
       "observations[1].period: \"2024/02\" is not a month YYYY-MM"},
      {series_json(R"([{"period":"2024-01","value":5},{"period":"2024-01","value":5.1}])"),
       "observations[1].period: duplicate 2024-01 (also observations[0])"},
      {series_json(R"([{"period":"2024-01","value":"5.2"}])"),
       "observations[0].value: expected a number"},
      {series_json(R"([{"period":"2024-01","value":null}])"), "observations[0].value: missing"},
      {series_json(R"([{"period":"2024-01","value":5},{"period":"2024-02","value":100.5}])"),
       "observations[1].value: 100.5 (2024-02) is outside 0..100 for a rate (unit %)"},
      {series_json(R"([{"period":"2024-01","value":-0.1}])"), "observations[0].value: -0.1"},
      {series_json(R"([{"value":5}])"), "observations[0].period: missing"},
      {series_json(R"([5])"), "observations[0]: expected an object"},
      {series_json(R"([])"), "observations: empty"},
      {series_json(R"({})"), "observations: expected an array"},
      {R"({"id":"s","type":"series","title":"t","unit":"万人","frequency":"W","observations":[]})",
       "frequency: must be M, Q or Y"},
      {series_json(R"([{"period":"2024-01","value":5}])", R"(,"breaks":[{"period":"2023"}])"),
       "breaks[0].period:"},
      {series_json(R"([{"period":"2024-01","value":5}])", R"(,"cumulative":"yes")"),
       "cumulative: expected true or false"},
      {R"({"id":"s","type":"series","title":"t","frequency":"M","observations":[]})",
       "unit: missing"},
      {R"({"id":"s","type":"series","title":"t","unit":"万人","observations":[]})",
       "frequency: missing"},
      {R"({"id":"s","type":"series","title":"t","unit":"万人","frequency":"M"})",
       "observations: missing"},
      {R"({"id":"s","type":"series","title":"t","unit":"万人","frequency":"Y","cumulative":true,)"
       R"("observations":[{"period":"2024","value":1}]})",
       "cumulative: needs a monthly or quarterly series"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.json);
    auto doc = parse_document(row.json);
    REQUIRE_FALSE(doc.is_ok());
    CHECK(doc.status().code() == StatusCode::kInvalidArgument);
    CHECK(doc.status().message().rfind(row.message_prefix, 0) == 0);
  }
}

TEST_CASE("values of a series that is not a rate may exceed 100") {
  auto doc = parse_document(
      R"({"id":"s","type":"series","title":"城镇新增就业","unit":"万人","frequency":"M",)"
      R"("cumulative":true,"observations":[{"period":"2024-12","value":1256}]})");
  REQUIRE(doc.is_ok());
  CHECK(doc->cumulative);
}

std::string report_json(const std::string& figures) {
  return R"({"id":"r1","type":"employment_report","title":"2025届软件技术专业就业质量",)"
         R"("school":"青柳职业技术学院","year":2025,"major":"软件技术",)" +
         figures + "}";
}

TEST_CASE("an employment report parses, computes a missing rate and round-trips") {
  auto doc = parse_document(
      report_json(R"("graduates":200,"employed":181,"further_study":12,"median_salary":4800,)"
                  R"("top_industries":["信息技术"],"top_regions":["长沙"])"));
  REQUIRE(doc.is_ok());
  CHECK(doc->type == DocType::kEmploymentReport);
  CHECK(*doc->employment_rate == doctest::Approx(90.5));
  CHECK(doc->top_regions.size() == 1);
  auto again = parse_document(to_json(doc.value()));
  REQUIRE(again.is_ok());
  CHECK(to_json(again.value()) == to_json(doc.value()));
}

TEST_CASE("an employment rate within rounding of the counts is accepted") {
  // 181 / 200 = 90.5 %; 2 / 3 = 66.666… % published as 66.7 or 66.67.
  CHECK(parse_document(report_json(R"("graduates":200,"employed":181,"employment_rate":90.5)"))
            .is_ok());
  CHECK(
      parse_document(report_json(R"("graduates":3,"employed":2,"employment_rate":66.7)")).is_ok());
  CHECK(
      parse_document(report_json(R"("graduates":3,"employed":2,"employment_rate":66.67)")).is_ok());
}

TEST_CASE("impossible employment figures are rejected with the field named") {
  struct Row {
    std::string json;
    const char* message_prefix;
  };
  const Row rows[] = {
      {report_json(R"("graduates":100,"employed":101)"),
       "employed: 101 is more than graduates (100)"},
      {report_json(R"("graduates":100,"employed":90,"further_study":11)"),
       "further_study: employed + further_study (101) is more than graduates (100)"},
      {report_json(R"("graduates":200,"employed":181,"employment_rate":92)"),
       "employment_rate: 92 is not 100 * employed / graduates (90.5)"},
      {report_json(R"("graduates":3,"employed":2,"employment_rate":66.5)"),
       "employment_rate: 66.5 is not"},
      {report_json(R"("graduates":100,"employed":90,"employment_rate":"90")"),
       "employment_rate: expected a number"},
      {report_json(R"("graduates":100,"employed":90,"employment_rate":190)"),
       "employment_rate: out of range"},
      {report_json(R"("graduates":0,"employed":0)"), "graduates: must be at least 1"},
      {report_json(R"("employed":5)"), "graduates: missing"},
      {report_json(R"("graduates":5)"), "employed: missing"},
      {report_json(R"("graduates":5,"employed":-1)"), "employed: out of range"},
      {report_json(R"("graduates":5.5,"employed":1)"), "graduates: expected an integer"},
      {report_json(R"("graduates":5,"employed":1,"median_salary":"4000")"),
       "median_salary: expected an integer"},
      {R"({"id":"r","type":"employment_report","title":"t","year":2025,"graduates":1,"employed":1})",
       "school: missing"},
      {R"({"id":"r","type":"employment_report","title":"t","school":"s","graduates":1,"employed":1})",
       "year: missing"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.json);
    auto doc = parse_document(row.json);
    REQUIRE_FALSE(doc.is_ok());
    CHECK(doc.status().code() == StatusCode::kInvalidArgument);
    CHECK(doc.status().message().rfind(row.message_prefix, 0) == 0);
  }
}

TEST_CASE("series fields on other types are ignored like any unknown field") {
  auto doc = parse_document(
      R"({"id":"j","type":"job","title":"t","unit":"%","observations":[{"period":"x"}]})");
  REQUIRE(doc.is_ok());
  CHECK(doc->observations.empty());
  CHECK(to_json(doc.value()).find("observations") == std::string::npos);
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

TEST_CASE("a UTF-8 prefix never ends inside a character") {
  const std::string text = "数据分析";  // 3 bytes per character
  CHECK(utf8_prefix(text, 100) == text);
  CHECK(utf8_prefix(text, 6) == "数据");
  CHECK(utf8_prefix(text, 7) == "数据");
  CHECK(utf8_prefix(text, 8) == "数据");
  CHECK(utf8_prefix(text, 2).empty());
  CHECK(utf8_prefix("ab数", 3) == "ab");
}

}  // namespace
}  // namespace chanjiao
