#include "search/matcher.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/document.h"
#include "core/shards.h"
#include "indexer/store_sync.h"
#include "search/searcher.h"
#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

// `full` postings with every word of kQuery (one also reposted with the
// same text), 4 with only some of them, and a repost of the first full
// posting whose text lacks one word: it must never appear as a partial
// match, being in a full match's group.
constexpr const char* kQuery = "数据分析师 Python";

std::string job(const std::string& id, const std::string& title, const std::string& org,
                const std::string& body) {
  return R"({"id":")" + id + R"(","type":"job","title":")" + title + R"(","org":")" + org +
         R"(","body":")" + body + R"("})";
}

class Fixture {
 public:
  explicit Fixture(int full) : path_(dir_.file("db")) {
    Xapian::WritableDatabase db(path_, Xapian::DB_CREATE_OR_OVERWRITE);
    index::TermBuilder builder(testing::analyzer());
    auto add = [&](const std::string& json) {
      index::index_document(db, builder, parse_document(json).value());
    };
    for (int i = 0; i < full; ++i) {
      const std::string title = "数据分析师" + std::to_string(i) + "号";
      add(job("full-" + std::to_string(i), title, "甲公司" + std::to_string(i), "熟悉Python"));
    }
    add(job("full-0-repost", "数据分析师0号", "甲公司0", "熟悉Python，五险一金"));
    add(job("full-0-short-repost", "数据分析师0号", "甲公司0", "岗位职责见详情"));
    for (int i = 0; i < 4; ++i)
      add(job("partial-" + std::to_string(i), "数据分析师" + std::to_string(i) + "号",
              "乙公司" + std::to_string(i), "熟悉Excel"));
    db.commit();
    searcher_ = std::make_unique<Searcher>(testing::analyzer(), Xapian::Database(path_));
  }

  MatchQueries queries(const std::string& q) {
    SearchRequest request;
    request.q = q;
    return searcher_->match_queries(request);
  }
  Matcher matcher() { return searcher_->matcher(); }
  const Xapian::Database& database() const { return searcher_->database(); }

 private:
  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<Searcher> searcher_;
};

std::string id_of(const Xapian::Document& doc) {
  return parse_document(doc.get_data()).value().id;
}

}  // namespace

TEST_CASE("fewer full matches than kRelaxBelow: the partial ones follow, the same on every page") {
  Fixture fixture(3);
  const MatchQueries queries = fixture.queries(kQuery);
  REQUIRE(queries.can_relax);
  const RankedMatches all = fixture.matcher().rank(queries, SortOrder::kRelevance, 0, 50);
  CHECK(all.counts.full_matches == 3);  // the same-text repost counts with its original
  CHECK(all.counts.total == 3 + 4);
  CHECK(all.counts.total_exact);
  CHECK_FALSE(all.counts.relaxed);
  REQUIRE(all.page.size() == 7);
  for (size_t i = 0; i < all.page.size(); ++i) {
    CHECK(all.page[i].partial == (i >= 3));
    CHECK(id_of(all.page[i].document).find("repost") == std::string::npos);
  }
  // Any page, any size: the same total, and the pages make up the whole list.
  for (Xapian::doccount size : {1u, 2u, 3u, 5u}) {
    std::vector<std::string> paged;
    for (Xapian::doccount first = 0; first < 8; first += size) {
      const RankedMatches page =
          fixture.matcher().rank(queries, SortOrder::kRelevance, first, size);
      CHECK(page.counts.total == all.counts.total);
      CHECK(page.counts.full_matches == 3);
      for (const MatchedDocument& m : page.page) paged.push_back(id_of(m.document));
    }
    std::vector<std::string> expected;
    for (const MatchedDocument& m : all.page) expected.push_back(id_of(m.document));
    CHECK(paged == expected);
  }
}

TEST_CASE("kRelaxBelow full matches or more: no partial match on any page") {
  Fixture fixture(static_cast<int>(MatchLimits::kRelaxBelow) + 2);
  const MatchQueries queries = fixture.queries(kQuery);
  const RankedMatches last = fixture.matcher().rank(queries, SortOrder::kRelevance, 10, 10);
  CHECK(last.counts.total == MatchLimits::kRelaxBelow + 2);
  CHECK(last.counts.full_matches == last.counts.total);
  REQUIRE(last.page.size() == 2);
  for (const MatchedDocument& m : last.page) CHECK_FALSE(m.partial);
}

TEST_CASE("collect counts what rank counts: the full matches, or the partial ones without any") {
  Fixture fixture(3);
  for (const char* q : {kQuery, "数据分析师 Haskell", "数据分析师"}) {
    CAPTURE(q);
    const MatchQueries queries = fixture.queries(q);
    const MatchCounts counts = fixture.matcher().rank(queries, SortOrder::kRelevance, 0, 10).counts;
    const CollectedMatches collected = fixture.matcher().collect(queries);
    CHECK(collected.ids.size() == counts.about_query());
    CHECK(collected.relaxed == counts.relaxed);
    CHECK(std::is_sorted(collected.ids.begin(), collected.ids.end()));
  }
  // Nothing has Haskell: every match is partial, and all of them count.
  const MatchCounts none =
      fixture.matcher()
          .rank(fixture.queries("数据分析师 Haskell"), SortOrder::kRelevance, 0, 10)
          .counts;
  CHECK(none.relaxed);
  CHECK(none.full_matches == 0);
  CHECK(none.total == 3 + 4);  // each group once: the reposts of full-0 with it
}

TEST_CASE("reposts collapse once: collect keeps a group's lowest docid") {
  Fixture fixture(3);
  const CollectedMatches collected = fixture.matcher().collect(fixture.queries(kQuery));
  CHECK(collected.candidates == 4);  // full-0, full-1, full-2 and the same-text repost
  REQUIRE(collected.ids.size() == 3);
  std::set<std::string> ids;
  for (Xapian::docid did : collected.ids) ids.insert(id_of(fixture.database().get_document(did)));
  CHECK(ids == std::set<std::string>{"full-0", "full-1", "full-2"});
  for (const FacetTable::Row* row : collected.rows) CHECK(row != nullptr);
}

}  // namespace chanjiao::search

namespace chanjiao::search {
namespace {

// The same documents as one database and as 3 shards (routed as the
// indexer routes them), reposts included that differ in region: which
// repost counts must not depend on the layout.
class ShardedFixture {
 public:
  ShardedFixture() {
    index::TermBuilder builder(testing::analyzer());
    Xapian::WritableDatabase one(dir_.file("one"), Xapian::DB_CREATE_OR_OVERWRITE);
    std::vector<Xapian::WritableDatabase> shards;
    for (int i = 0; i < 3; ++i)
      shards.emplace_back(dir_.file("shard-" + std::to_string(i)), Xapian::DB_CREATE_OR_OVERWRITE);
    const char* regions[] = {"北京", "上海", "广州", "深圳", "成都"};
    for (int i = 0; i < 30; ++i) {
      // Groups of three reposts (same type, org and title), each in another region.
      const std::string json = R"({"id":"j)" + std::to_string(i) +
                               R"(","type":"job","title":"数据分析师)" + std::to_string(i / 3) +
                               R"(号","org":"甲公司","region":")" + regions[(i * 7) % 5] +
                               R"(","body":"熟悉Python"})";
      const Document doc = parse_document(json).value();
      index::index_document(one, builder, doc);
      index::index_document(shards[shards::shard_of(doc.id, 3)], builder, doc);
    }
    one.commit();
    for (auto& s : shards) s.commit();
  }

  SearchResult search(bool sharded, const std::string& q) {
    Xapian::Database db;
    IndexShards parts;
    if (!sharded) {
      db = Xapian::Database(dir_.file("one"));
    } else {
      for (int i = 0; i < 3; ++i) {
        parts.databases.emplace_back(dir_.file("shard-" + std::to_string(i)));
        db.add_database(parts.databases.back());
      }
    }
    Searcher searcher(testing::analyzer(), db);
    if (sharded) searcher.set_shards(parts);
    SearchRequest request;
    request.q = q;
    auto result = searcher.search(request);
    REQUIRE(result.is_ok());
    return result.value();
  }

 private:
  testing::TempDir dir_;
};

std::map<std::string, Xapian::doccount> facet(const SearchResult& r, const std::string& name) {
  std::map<std::string, Xapian::doccount> counts;
  for (const FacetValue& v : r.facets.at(name)) counts[v.value] = v.count;
  return counts;
}

}  // namespace

TEST_CASE("over 3 shards the counts, facets and groups equal one database's, reposts included") {
  ShardedFixture fixture;
  for (const std::string q : {"数据分析师", "Python", "", "数据分析师 Excel"}) {
    CAPTURE(q);
    const SearchResult one = fixture.search(false, q);
    const SearchResult three = fixture.search(true, q);
    CHECK(three.total == one.total);
    CHECK(three.full_matches == one.full_matches);
    CHECK(three.relaxed == one.relaxed);
    CHECK(facet(three, "region") == facet(one, "region"));
    CHECK(three.hits.size() == one.hits.size());
  }
  // Ten groups of three reposts: ten counted, each region count a whole group.
  const SearchResult all = fixture.search(true, "数据分析师");
  CHECK(all.total == 10);
  Xapian::doccount regions = 0;
  for (const auto& [region, n] : facet(all, "region")) regions += n;
  CHECK(regions == 10);
}

}  // namespace chanjiao::search
