#include "search/facet_table.h"

#include <doctest/doctest.h>

#include <map>

#include "core/document.h"
#include "core/schema.h"
#include "indexer/store_sync.h"
#include "search/searcher.h"
#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

std::string job(const std::string& id, const std::string& region) {
  return R"({"id":")" + id + R"(","type":"job","title":"数据分析师 )" + id +
         R"(","org":"某某有限公司","region":")" + region + R"("})";
}

void index_json(Xapian::WritableDatabase& db, const std::string& json) {
  index::TermBuilder builder(testing::analyzer());
  auto doc = parse_document(json);
  REQUIRE_MESSAGE(doc.is_ok(), doc.status().message());
  index::index_document(db, builder, doc.value());
}

// Region facet of a browse over everything, as search returns it.
std::map<std::string, Xapian::doccount> regions(const std::string& path) {
  Searcher searcher(testing::analyzer(), Xapian::Database(path));
  auto result = searcher.search(SearchRequest{});
  REQUIRE(result.is_ok());
  std::map<std::string, Xapian::doccount> counts;
  for (const FacetValue& v : result->facets["region"]) counts[v.value] = v.count;
  return counts;
}

}  // namespace

TEST_CASE("facet counts follow live updates: changed, added and deleted documents") {
  testing::TempDir dir;
  const std::string path = dir.file("db");
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  index_json(db, job("j1", "北京"));
  index_json(db, job("j2", "北京"));
  index_json(db, job("j3", "上海"));
  db.commit();
  CHECK(regions(path) == std::map<std::string, Xapian::doccount>{{"北京", 2}, {"上海", 1}});

  // A newer revision of the same database: the table refreshes from the
  // previous one (still held by FacetTable::shared) plus the new docids.
  index_json(db, job("j1", "广州"));  // changed: a new docid, the old one deleted
  index_json(db, job("j4", "深圳"));  // added
  db.delete_document("Qj3");          // deleted
  db.commit();
  CHECK(regions(path) ==
        std::map<std::string, Xapian::doccount>{{"北京", 1}, {"广州", 1}, {"深圳", 1}});
}

TEST_CASE("a refreshed facet table equals one loaded from scratch") {
  testing::TempDir dir;
  const std::string path = dir.file("db");
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  index_json(db, job("j1", "北京"));
  db.commit();
  auto first = FacetTable::load(Xapian::Database(path));
  index_json(db, job("j2", "上海"));
  index_json(db, job("j1", "北京"));
  db.commit();
  Xapian::Database reopened(path);
  auto refreshed = FacetTable::load(reopened, first.get());
  auto scratch = FacetTable::load(reopened);
  CHECK(refreshed->revision() == reopened.get_revision());
  // Every live document (a deleted one keeps its stale row: never matched).
  REQUIRE(reopened.get_doccount() == 2);
  for (auto it = reopened.postlist_begin(""); it != reopened.postlist_end(""); ++it) {
    const FacetTable::Row* a = refreshed->row(*it);
    const FacetTable::Row* b = scratch->row(*it);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    CHECK(a->collapse_key == b->collapse_key);
    for (size_t f = 0; f < FacetTable::kFieldCount; ++f)
      CHECK(refreshed->value(f, a->field[f]) == scratch->value(f, b->field[f]));
  }
}

}  // namespace chanjiao::search

namespace chanjiao::search {

TEST_CASE("over local shards the table is keyed by the combined docids and refreshes per shard") {
  testing::TempDir dir;
  std::vector<Xapian::WritableDatabase> writers;
  for (int i = 0; i < 3; ++i)
    writers.emplace_back(dir.file("shard-" + std::to_string(i)), Xapian::DB_CREATE_OR_OVERWRITE);
  // Uneven shards: shard 2 gets the most documents, so its new docids land
  // below the combined last docid.
  const char* regions[] = {"北京", "上海", "广州", "深圳", "成都", "武汉"};
  for (int n = 0; n < 6; ++n)
    index_json(writers[n < 1 ? 0 : n < 2 ? 1 : 2], job("j" + std::to_string(n), regions[n]));
  for (auto& w : writers) w.commit();
  auto open = [&] {
    std::vector<Xapian::Database> shards;
    for (int i = 0; i < 3; ++i) shards.emplace_back(dir.file("shard-" + std::to_string(i)));
    return shards;
  };
  auto check = [](const std::vector<Xapian::Database>& shards, const FacetTable& table) {
    Xapian::Database combined;
    for (const auto& s : shards) combined.add_database(s);
    size_t rows = 0;
    for (auto it = combined.postlist_begin(""); it != combined.postlist_end(""); ++it) {
      // The region of each combined docid, as the document itself says.
      const std::string pack = combined.get_document(*it).get_value(schema::kFacetPack);
      const FacetTable::Row* row = table.row(*it);
      REQUIRE(row != nullptr);
      CHECK(pack.find(table.value(schema::kPackRegion, row->field[schema::kPackRegion])) !=
            std::string::npos);
      ++rows;
    }
    CHECK(rows == combined.get_doccount());
  };
  auto first = FacetTable::load(open());
  check(open(), *first);
  index_json(writers[0], job("j9", "西宁"));  // shard 0 grows: combined docid 4
  index_json(writers[2], job("j2", "拉萨"));  // changed in shard 2
  for (auto& w : writers) w.commit();
  auto shards = open();
  auto refreshed = FacetTable::load(shards, first.get());
  check(shards, *refreshed);
  CHECK(refreshed->version() == FacetTable::version_of(shards));
  CHECK(refreshed->version() != first->version());
}

}  // namespace chanjiao::search
