#include "search/insights.h"

#include <doctest/doctest.h>

#include "core/document.h"
#include "indexer/term_builder.h"
#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

// An index of `jsonl` lines in `dir`, built by the indexer's TermBuilder.
Xapian::Database index_of(const testing::TempDir& dir, const std::vector<std::string>& jsonl) {
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OVERWRITE);
  index::TermBuilder terms(testing::analyzer());
  for (const std::string& line : jsonl) {
    auto doc = parse_document(line);
    REQUIRE_MESSAGE(doc.is_ok(), doc.status().message());
    db.add_document(terms.build(doc.value()));
  }
  db.commit();
  return db;
}

std::string job(const std::string& id, const std::string& title, const std::string& region,
                const std::string& education, int lo, int hi, const std::string& day,
                const std::string& skills) {
  return R"({"id":")" + id + R"(","type":"job","title":")" + title +
         R"(","org":"某某有限公司","region":")" + region + R"(","education":")" + education +
         R"(","published_at":")" + day + R"(","salary_min":)" + std::to_string(lo) +
         R"(,"salary_max":)" + std::to_string(hi) + R"(,"skills":[)" + skills +
         R"(],"body":"负责日常工作。"})";
}

const std::vector<std::string> kCorpus = {
    job("j1", "甲岗位专员", "北京", "本科", 8000, 12000, "2025-01-05", R"("Python","SQL")"),
    job("j2", "乙岗位专员", "北京", "大专", 6000, 8000, "2025-03-09", R"("Python")"),
    job("j3", "丙岗位专员", "上海", "本科", 20000, 20000, "2025-03-30", R"("Java")"),
    // A repost of j3 (same type, org and title): counted once.
    job("j4", "丙岗位专员", "上海", "本科", 20000, 20000, "2025-03-30", R"("Java")"),
    R"({"id":"r1","type":"resource","title":"课程甲","org":"某职业技术学院","region":"北京",)"
    R"("major":"软件技术","skills":["Python"],"body":"课程。"})",
};

}  // namespace

TEST_CASE("quantile interpolates between order statistics") {
  struct {
    std::vector<double> values;
    double p, expected;
  } rows[] = {
      {{}, 0.5, 0},
      {{7}, 0.25, 7},
      {{1, 2}, 0.5, 1.5},
      {{1, 2, 3, 4}, 0.25, 1.75},
      {{1, 2, 3, 4}, 0.75, 3.25},
      {{10, 20, 30}, 1.0, 30},
  };
  for (const auto& row : rows) CHECK(quantile(row.values, row.p) == doctest::Approx(row.expected));
}

TEST_CASE("demand counts job postings once per repost group, like search") {
  testing::TempDir dir;
  Searcher searcher(testing::analyzer(), index_of(dir, kCorpus));
  InsightsRequest request;
  auto demand = Insights(searcher).demand(request);
  REQUIRE(demand.is_ok());
  CHECK(demand->total == 3);
  CHECK(demand->total_exact);
  CHECK(demand->counted == 3);
  SearchRequest jobs;
  jobs.filter(schema::kTypeField) = {"job"};
  CHECK(searcher.search(jobs).value().total == demand->total);

  REQUIRE(demand->by_month.size() == 3);  // 2025-01, 2025-02 (empty), 2025-03
  CHECK(demand->by_month[0].value == "2025-01");
  CHECK(demand->by_month[1].count == 0);
  CHECK(demand->by_month[2].count == 2);

  REQUIRE(demand->skills.size() == 3);
  CHECK(demand->skills[0].value == "Python");
  CHECK(demand->skills[0].count == 2);
  CHECK(demand->skills[0].share == doctest::Approx(2.0 / 3));

  // Midpoints 10000, 7000, 20000.
  CHECK(demand->salary.count == 3);
  CHECK(demand->salary.median == 10000);
  CHECK(demand->salary.p25 == 8500);
  CHECK(demand->salary.p75 == 15000);
  REQUIRE(demand->salary_by_education.size() == 2);
  CHECK(demand->salary_by_education[0].value == "本科");
  CHECK(demand->salary_by_education[0].salary.median == 15000);
}

TEST_CASE("demand's total is search's, estimated beyond the count limit; breakdowns count all") {
  // More postings than search counts exactly (distinct titles: no reposts).
  std::vector<std::string> corpus;
  const Xapian::doccount postings = MatchLimits::kCountCheckLimit + 300;
  for (Xapian::doccount i = 0; i < postings; ++i)
    corpus.push_back(job("j" + std::to_string(i), "专员" + std::to_string(i), "北京", "本科", 8000,
                         12000, "2025-01-05", R"("Python")"));
  testing::TempDir dir;
  Searcher searcher(testing::analyzer(), index_of(dir, corpus));
  InsightsRequest request;
  request.search.q = "专员";
  auto demand = Insights(searcher).demand(request);
  REQUIRE(demand.is_ok());
  SearchRequest jobs;
  jobs.q = "专员";
  jobs.filter(schema::kTypeField) = {"job"};
  auto searched = searcher.search(jobs);
  REQUIRE(searched.is_ok());
  CHECK_FALSE(searched->total_exact);
  CHECK(demand->total == searched->total);
  CHECK(demand->total_exact == searched->total_exact);
  CHECK(demand->counted == postings);
  // The page does not change how far search counts, so neither the total.
  jobs.size = 50;
  jobs.page = 3;
  auto deeper = searcher.search(jobs);
  REQUIRE(deeper.is_ok());
  CHECK(deeper->total == searched->total);
  CHECK(deeper->total_exact == searched->total_exact);
  REQUIRE(demand->skills.size() == 1);
  CHECK(demand->skills[0].count == postings);
  CHECK(demand->skills[0].share == doctest::Approx(1.0));
}

TEST_CASE("demand applies search filters") {
  testing::TempDir dir;
  Searcher searcher(testing::analyzer(), index_of(dir, kCorpus));
  InsightsRequest request;
  request.search.filter(schema::kRegionField) = {"上海"};
  auto demand = Insights(searcher).demand(request);
  REQUIRE(demand.is_ok());
  CHECK(demand->total == 1);
  REQUIRE(demand->regions.size() == 1);
  CHECK(demand->regions[0].value == "上海");
  request.limit = 0;
  CHECK(Insights(searcher).demand(request).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("gap puts demanded skills with little teaching supply first") {
  testing::TempDir dir;
  Searcher searcher(testing::analyzer(), index_of(dir, kCorpus));
  auto gap = Insights(searcher).gap(InsightsRequest{});
  REQUIRE(gap.is_ok());
  CHECK(gap->demand_total == 3);
  CHECK(gap->supply_total == 1);
  REQUIRE(gap->skills.size() == 3);
  // Python 2/(1+1), Java 1/(0+1), SQL 1/(0+1): equal ratios, then demand, then name.
  CHECK(gap->skills[0].value == "Python");
  CHECK(gap->skills[0].supply == 1);
  CHECK(gap->skills[1].value == "Java");
  CHECK(gap->skills[2].value == "SQL");
  CHECK(gap->skills[2].ratio == doctest::Approx(1.0));
}

}  // namespace chanjiao::search
