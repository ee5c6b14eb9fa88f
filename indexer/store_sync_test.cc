// The document store meets the index: builds that read it, updates and live
// changes that apply it (indexer/store_sync.h, index_update.h).
#include "indexer/store_sync.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <sstream>

#include "core/schema.h"
#include "indexer/index_builder.h"
#include "indexer/index_layout.h"
#include "indexer/index_update.h"
#include "indexer/shards.h"
#include "tests/test_support.h"

namespace chanjiao::index {
namespace {

using testing::TempDir;

const store::Caller kOrg{"csgov", store::Role::kGov};

Document job(const std::string& id, const std::string& title) {
  auto doc = parse_document(R"({"id":")" + id + R"(","type":"job","title":")" + title + R"("})");
  REQUIRE(doc.is_ok());
  return doc.value();
}

std::string line(const std::string& id, const std::string& title) {
  return to_json(job(id, title)) + "\n";
}

bool has_id(const std::string& root, const std::string& id) {
  Xapian::Database db(IndexLayout(root).current().value());
  return db.get_termfreq(schema::term(schema::kId, id)) == 1;
}

std::string title_of(const std::string& root, const std::string& id) {
  Xapian::Database db(IndexLayout(root).current().value());
  Xapian::PostingIterator it = db.postlist_begin(schema::term(schema::kId, id));
  REQUIRE(it != db.postlist_end(schema::term(schema::kId, id)));
  return parse_document(db.get_document(*it).get_data()).value().title;
}

TEST_CASE("a build takes store documents over corpus records and leaves deleted ones out") {
  TempDir dir;
  auto store = store::DocumentStore::open(dir.file("store.db"));
  REQUIRE(store.is_ok());
  REQUIRE(store.value()->put({job("c-1", "发布版标题"), job("p-1", "只在库里")}, kOrg).is_ok());
  REQUIRE(store.value()->put({job("c-2", "将被删除")}, kOrg).is_ok());
  REQUIRE(store.value()->remove("c-2", kOrg).is_ok());
  dir.write("corpus/a.jsonl",
            line("c-1", "语料版标题") + line("c-2", "语料二") + line("c-3", "语料三"));

  std::ostringstream log;
  BuildOptions options;
  options.index_root = dir.file("index");
  options.sources = {dir.file("corpus")};
  options.store = store.value().get();
  options.threads = 2;
  options.log = &log;
  auto stats = build_index(options, testing::analyzer());
  REQUIRE(stats.is_ok());
  CHECK(stats->store_seq == 4);
  CHECK(stats->store_documents == 2);
  CHECK(title_of(options.index_root, "c-1") == "发布版标题");
  CHECK(has_id(options.index_root, "p-1"));
  CHECK_FALSE(has_id(options.index_root, "c-2"));
  CHECK(has_id(options.index_root, "c-3"));
  Xapian::Database db(IndexLayout(options.index_root).current().value());
  CHECK(applied_store_seq(db) == 4);

  SUBCASE("live changes apply after the recorded seq, in one commit") {
    REQUIRE(store.value()->put({job("p-2", "后来发布")}, kOrg).is_ok());
    REQUIRE(store.value()->remove("p-1", kOrg).is_ok());
    Xapian::WritableDatabase w(IndexLayout(options.index_root).current().value(), Xapian::DB_OPEN);
    TermBuilder builder(testing::analyzer());
    auto applied = apply_store_changes(w, *store.value(), builder);
    REQUIRE(applied.is_ok());
    CHECK(applied->from_seq == 4);
    CHECK(applied->applied_seq == 6);
    CHECK(applied->replaced == 1);
    CHECK(applied->deleted == 1);
    w.commit();
    CHECK(has_id(options.index_root, "p-2"));
    CHECK_FALSE(has_id(options.index_root, "p-1"));
  }

  SUBCASE("update: corpus records added, changed and removed; the store still wins") {
    dir.write("corpus/a.jsonl",
              line("c-1", "语料版新标题") + line("c-3", "语料三改") + line("c-4", "语料四"));
    UpdateOptions update;
    update.index_root = options.index_root;
    update.sources = {dir.file("corpus")};
    update.store = store.value().get();
    update.log = &log;
    auto result = update_index(update, testing::analyzer());
    REQUIRE(result.is_ok());
    CHECK(result->added == 1);    // c-4
    CHECK(result->changed == 2);  // c-1 (the store's version stays), c-3
    CHECK(result->removed == 1);  // c-2 (already out: deleted in the store)
    CHECK(title_of(options.index_root, "c-1") == "发布版标题");
    CHECK(title_of(options.index_root, "c-3") == "语料三改");
    CHECK(has_id(options.index_root, "c-4"));
    auto again = update_index(update, testing::analyzer());
    REQUIRE(again.is_ok());
    CHECK(again->added + again->changed + again->removed == 0);
  }
}

// Which shards of a 3-shard generation hold `id` (index/shards.h).
std::vector<size_t> shards_holding(const std::string& root, const std::string& id) {
  auto shards = local_shards(IndexLayout(root).current().value());
  REQUIRE(shards.is_ok());
  std::vector<size_t> holding;
  for (size_t i = 0; i < shards->size(); ++i)
    if (Xapian::Database(shards->at(i)).get_termfreq(schema::term(schema::kId, id)) > 0)
      holding.push_back(i);
  return holding;
}

TEST_CASE("over 3 shards a build, live changes and an update keep every id in its shard") {
  TempDir dir;
  auto store = store::DocumentStore::open(dir.file("store.db"));
  REQUIRE(store.is_ok());
  REQUIRE(store.value()->put({job("p-1", "只在库里")}, kOrg).is_ok());
  std::string corpus;
  for (int i = 0; i < 12; ++i) corpus += line("c-" + std::to_string(i), "语料" + std::to_string(i));
  dir.write("corpus/a.jsonl", corpus);
  std::ostringstream log;
  BuildOptions options;
  options.index_root = dir.file("index");
  options.sources = {dir.file("corpus")};
  options.store = store.value().get();
  options.shards = 3;
  options.log = &log;
  REQUIRE(build_index(options, testing::analyzer()).is_ok());
  const std::string generation = IndexLayout(options.index_root).current().value();
  REQUIRE(shards::is_sharded(generation));
  auto expect_in_own_shard = [&](const std::string& id) {
    CHECK(shards_holding(options.index_root, id) == std::vector<size_t>{shards::shard_of(id, 3)});
  };
  for (int i = 0; i < 12; ++i) expect_in_own_shard("c-" + std::to_string(i));
  expect_in_own_shard("p-1");
  // The seq lives in shard 0 only: what Xapian::Database(generation) reads.
  auto paths = local_shards(generation).value();
  CHECK(applied_store_seq(Xapian::Database(paths[0])) == 1);
  CHECK(Xapian::Database(paths[1]).get_metadata(schema::kMetaStoreSeq).empty());
  CHECK(applied_store_seq(Xapian::Database(generation)) == 1);

  REQUIRE(store.value()->put({job("p-2", "后来发布"), job("c-3", "库里改过")}, kOrg).is_ok());
  REQUIRE(store.value()->remove("p-1", kOrg).is_ok());
  {
    ShardedWriter writer = ShardedWriter::open(generation);
    TermBuilder builder(testing::analyzer());
    auto applied = apply_store_changes(writer, *store.value(), builder);
    REQUIRE(applied.is_ok());
    writer.commit();
  }  // closed: Xapian allows one writer per shard
  expect_in_own_shard("p-2");
  expect_in_own_shard("c-3");
  CHECK(title_of(options.index_root, "c-3") == "库里改过");
  CHECK(shards_holding(options.index_root, "p-1").empty());
  CHECK(applied_store_seq(Xapian::Database(generation)) == 4);

  corpus.clear();
  for (int i = 1; i < 14; ++i)
    corpus += line("c-" + std::to_string(i), "新语料" + std::to_string(i));
  dir.write("corpus/a.jsonl", corpus);
  UpdateOptions update;
  update.index_root = options.index_root;
  update.sources = {dir.file("corpus")};
  update.store = store.value().get();
  update.log = &log;
  auto result = update_index(update, testing::analyzer());
  REQUIRE(result.is_ok());
  CHECK(result->added == 2);     // c-12, c-13
  CHECK(result->changed == 11);  // c-1..c-11 (c-3: the store's version stays)
  CHECK(result->removed == 1);   // c-0
  for (int i = 1; i < 14; ++i) expect_in_own_shard("c-" + std::to_string(i));
  CHECK(shards_holding(options.index_root, "c-0").empty());
  CHECK(title_of(options.index_root, "c-3") == "库里改过");
  CHECK(title_of(options.index_root, "c-13") == "新语料13");
  auto again = update_index(update, testing::analyzer());
  REQUIRE(again.is_ok());
  CHECK(again->added + again->changed + again->removed == 0);
}

}  // namespace
}  // namespace chanjiao::index
