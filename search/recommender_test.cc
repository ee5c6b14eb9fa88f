#include "search/recommender.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "core/document.h"
#include "indexer/term_builder.h"
#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

// tests/fixtures/recommend/corpus.jsonl (team-written: postings that use
// words in a non-teaching sense, courses named after those words) indexed
// into `dir` by the indexer's TermBuilder.
Xapian::Database fixture_index(const testing::TempDir& dir) {
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OVERWRITE);
  index::TermBuilder terms(testing::analyzer());
  std::ifstream in(testing::source_dir() + "/tests/fixtures/recommend/corpus.jsonl");
  REQUIRE(in.good());
  for (std::string line; std::getline(in, line);) {
    auto doc = parse_document(line);
    REQUIRE_MESSAGE(doc.is_ok(), doc.status().message());
    db.add_document(terms.build(doc.value()));
  }
  db.commit();
  return db;
}

struct Fixture {
  testing::TempDir dir;
  Searcher searcher{testing::analyzer(), fixture_index(dir)};
  Recommender recommender{testing::analyzer(), searcher};

  RecommendResult similar(const std::string& id, std::vector<std::string> types = {"resource"}) {
    SimilarRequest request;
    request.id = id;
    request.types = std::move(types);
    request.size = 5;
    Result<RecommendResult> r = recommender.similar(request);
    REQUIRE_MESSAGE(r.is_ok(), r.status().message());
    return std::move(r).value();
  }
};

std::vector<std::string> ids(const RecommendResult& r) {
  std::vector<std::string> out;
  for (const Recommendation& rec : r.hits) out.push_back(rec.hit.id);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

const Recommendation* find_hit(const RecommendResult& r, const std::string& id) {
  for (const Recommendation& rec : r.hits)
    if (rec.hit.id == id) return &rec;
  return nullptr;
}

}  // namespace

TEST_CASE("a posting is not matched to courses on words in another sense") {
  Fixture f;
  struct {
    const char* job;
    const char* wrong;     // a course named after a word of the posting
    const char* expected;  // a course teaching what it asks for
  } rows[] = {
      {"rj-follow", "rc-movie", "rc-java-mysql"},  // 跟着 → 跟着电影去旅游
      {"rj-game", "rc-kids-game", "rc-cpp"},       // 游戏 (the industry) → 学前儿童游戏
      {"rj-kiwi", "rc-kiwi", "rc-web"},         // the company 奇异果 → 奇异的生命之道
      {"rj-test", "rc-fitness", "rc-testing"},  // 测试项目 → 体质健康标准测试项目
      {"rj-struct", "rc-building", "rc-solidworks"},  // 结构设计 → 建筑结构设计
      {"rj-cashier", "rc-python", "rc-accounting"},   // 免费Python培训 is a benefit
  };
  for (const auto& row : rows) {
    CAPTURE(row.job);
    const std::vector<std::string> got = ids(f.similar(row.job));
    CHECK(has(got, row.expected));
    CHECK_FALSE(has(got, row.wrong));
  }
}

TEST_CASE("reasons name the skills a course teaches and the core skills it misses") {
  Fixture f;
  const RecommendResult r = f.similar("rj-follow");
  const Recommendation* hit = find_hit(r, "rc-java-mysql");
  REQUIRE(hit != nullptr);
  REQUIRE_FALSE(hit->reasons.empty());
  CHECK(hit->reasons[0] == "教授：Java、MySQL；未覆盖：Spring");
  // The course teaching most of the posting comes first.
  CHECK(r.hits[0].hit.id == "rc-java-mysql");
}

TEST_CASE("the same course from several schools is shown once") {
  Fixture f;
  const std::vector<std::string> got = ids(f.similar("rj-follow"));
  CHECK(has(got, "rc-java-a") != has(got, "rc-java-b"));
}

TEST_CASE("the title's skill comes first, a course naming two skills teaches each less") {
  Fixture f;
  // Python (the title's) against 面向对象 C++ and Java in one course.
  const RecommendResult r = f.similar("rj-python");
  REQUIRE(r.hits.size() >= 2);
  CHECK(r.hits[0].hit.id == "rc-python");
  CHECK(has(ids(r), "rc-cpp-java"));
}

TEST_CASE("generic courses only for postings that ask for their skill") {
  Fixture f;
  CHECK_FALSE(has(ids(f.similar("rj-follow")), "rc-english"));
  CHECK(has(ids(f.similar("rj-trade")), "rc-english"));
}

TEST_CASE("a course's jobs are those that need what it teaches") {
  Fixture f;
  const RecommendResult r = f.similar("rc-java-mysql", {"job"});
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].hit.id == "rj-follow");
  REQUIRE_FALSE(r.hits[0].reasons.empty());
  CHECK(r.hits[0].reasons[0] == "需要：Java、MySQL；还需要：Spring");
  for (const Recommendation& rec : r.hits) CHECK(rec.hit.id.rfind("rj-", 0) == 0);
}

TEST_CASE("an explicit skill outside the vocabulary still finds its peers") {
  Fixture f;
  const RecommendResult r = f.similar("rj-radar-1", {"job"});
  const Recommendation* hit = find_hit(r, "rj-radar-2");
  REQUIRE(hit != nullptr);
  REQUIRE_FALSE(hit->reasons.empty());
  CHECK(hit->reasons[0] == "共同技能：雷达调试");
}

TEST_CASE("a profile's skills find the courses that teach them") {
  Fixture f;
  Profile p;
  p.skills = {"Java", "MySQL"};
  p.types = {"resource"};
  p.size = 5;
  Result<RecommendResult> r = f.recommender.for_profile(p);
  REQUIRE(r.is_ok());
  const std::vector<std::string> got = ids(r.value());
  REQUIRE_FALSE(got.empty());
  CHECK(got[0] == "rc-java-mysql");
  CHECK_FALSE(has(got, "rc-movie"));
}

}  // namespace chanjiao::search
