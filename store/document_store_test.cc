#include "store/document_store.h"

#include <doctest/doctest.h>

#include <set>

#include "tests/test_support.h"

namespace chanjiao::store {
namespace {

using testing::TempDir;

Document job(const std::string& id, const std::string& title = "数据分析师") {
  auto doc = parse_document(R"({"id":")" + id + R"(","type":"job","title":")" + title + R"("})");
  REQUIRE(doc.is_ok());
  return doc.value();
}

std::unique_ptr<DocumentStore> open_store(const TempDir& dir) {
  auto store = DocumentStore::open(dir.file("store.db"));
  REQUIRE(store.is_ok());
  return std::move(store.value());
}

const Caller kGov{"csgov", Role::kGov};
const Caller kSchool{"school-1", Role::kSchool};
const Caller kAdmin{"platform", Role::kAdmin};

TEST_CASE("puts and deletes get increasing seqs; changes_after replays them in order") {
  TempDir dir;
  auto store = open_store(dir);
  CHECK(store->last_seq().value() == 0);
  CHECK(store->put({job("a"), job("b")}, kGov).value() == 2);
  CHECK(store->put({job("a", "新标题")}, kGov).value() == 3);
  CHECK(store->remove("b", kGov).value() == 4);
  auto changes = store->changes_after(0, 100);
  REQUIRE(changes.is_ok());
  REQUIRE(changes->size() == 2);  // compacted by id: the latest change of each
  CHECK(changes.value()[0].id == "a");
  CHECK(changes.value()[0].seq == 3);
  CHECK(changes.value()[0].json.find("新标题") != std::string::npos);
  CHECK(changes.value()[1].id == "b");
  CHECK(changes.value()[1].deleted);
  CHECK(store->changes_after(3, 100)->size() == 1);
  CHECK(store->changes_after(4, 100)->empty());
}

TEST_CASE("republishing an unchanged document is not a change") {
  TempDir dir;
  auto store = open_store(dir);
  CHECK(store->put({job("a")}, kGov).value() == 1);
  CHECK(store->put({job("a")}, kGov).value() == 1);
  CHECK(store->last_seq().value() == 1);
}

TEST_CASE("a batch touching another organisation's document writes nothing") {
  TempDir dir;
  auto store = open_store(dir);
  REQUIRE(store->put({job("theirs")}, kSchool).is_ok());
  auto batch = store->put({job("mine-1"), job("theirs"), job("mine-2")}, kGov);
  REQUIRE_FALSE(batch.is_ok());
  CHECK(batch.status().code() == StatusCode::kPermissionDenied);
  CHECK(batch.status().message().find("documents[1]") != std::string::npos);
  CHECK_FALSE(store->get("mine-1").value().has_value());
  CHECK(store->last_seq().value() == 1);
  // Admin may change any document; the owner stays.
  REQUIRE(store->put({job("theirs", "改")}, kAdmin).is_ok());
  CHECK(store->get("theirs").value()->owner_org == "school-1");
}

TEST_CASE("owner_org is the caller's; naming another owner is refused") {
  TempDir dir;
  auto store = open_store(dir);
  Document doc = job("x");
  doc.owner_org = "school-1";
  CHECK(store->put({doc}, kGov).status().code() == StatusCode::kPermissionDenied);
  REQUIRE(store->put({job("x")}, kGov).is_ok());
  auto row = store->get("x").value();
  REQUIRE(row.has_value());
  CHECK(row->owner_org == "csgov");
  CHECK(row->json.find("\"owner_org\":\"csgov\"") != std::string::npos);
}

TEST_CASE("documents only the index has: owner from the index decides; unknown ids are 404") {
  TempDir dir;
  auto store = open_store(dir);
  IndexedOwner corpus = [](const std::string& id) -> std::optional<std::string> {
    if (id == "corpus-1") return std::string();  // indexed, nobody owns it
    return std::nullopt;
  };
  CHECK(store->remove("nope", kGov, corpus).status().code() == StatusCode::kNotFound);
  CHECK(store->remove("corpus-1", kGov, corpus).status().code() == StatusCode::kPermissionDenied);
  CHECK(store->put({job("corpus-1")}, kGov, corpus).status().code() ==
        StatusCode::kPermissionDenied);
  REQUIRE(store->remove("corpus-1", kAdmin, corpus).is_ok());
  auto tombstone = store->get("corpus-1").value();
  REQUIRE(tombstone.has_value());
  CHECK(tombstone->deleted);
  CHECK(store->remove("corpus-1", kAdmin, corpus).status().code() == StatusCode::kNotFound);
}

TEST_CASE("for_each sees one snapshot and reports its seq") {
  TempDir dir;
  auto store = open_store(dir);
  REQUIRE(store->put({job("a"), job("b"), job("c")}, kGov).is_ok());
  REQUIRE(store->remove("c", kGov).is_ok());
  std::set<std::string> live, gone;
  uint64_t seq = 0;
  REQUIRE(store->for_each([&](StoredDocument&& d) { (d.deleted ? gone : live).insert(d.id); }, &seq)
              .is_ok());
  CHECK(seq == 4);
  CHECK(live == std::set<std::string>{"a", "b"});
  CHECK(gone == std::set<std::string>{"c"});
}

Document series(const std::string& id, double last_value) {
  auto doc = parse_document(R"({"id":")" + id +
                            R"(","type":"series","title":"城镇调查失业率","unit":"%",)"
                            R"("frequency":"M","observations":[{"period":"2024-01","value":5.2},)"
                            R"({"period":"2024-02","value":)" +
                            std::to_string(last_value) + "}]}");
  REQUIRE(doc.is_ok());
  return doc.value();
}

Document report(const std::string& id) {
  auto doc =
      parse_document(R"({"id":")" + id +
                     R"(","type":"employment_report","title":"就业质量报告",)"
                     R"("school":"青柳职业技术学院","year":2025,"graduates":10,"employed":9})");
  REQUIRE(doc.is_ok());
  return doc.value();
}

TEST_CASE("series come from gov and admin keys, employment reports from school and admin keys") {
  TempDir dir;
  auto store = open_store(dir);
  const Caller enterprise{"firm", Role::kEnterprise};
  CHECK(store->put({series("s1", 5.3)}, kGov).is_ok());
  CHECK(store->put({series("s2", 5.3)}, kAdmin).is_ok());
  for (const Caller& caller : {kSchool, enterprise}) {
    auto denied = store->put({series("s3", 5.3)}, caller);
    REQUIRE_FALSE(denied.is_ok());
    CHECK(denied.status().code() == StatusCode::kPermissionDenied);
    CHECK(denied.status().message().rfind("type: series are published with a gov", 0) == 0);
  }
  CHECK(store->put({report("r1")}, kSchool).is_ok());
  CHECK(store->put({report("r2")}, kAdmin).is_ok());
  for (const Caller& caller : {kGov, enterprise}) {
    auto denied = store->put({report("r3")}, caller);
    REQUIRE_FALSE(denied.is_ok());
    CHECK(denied.status().code() == StatusCode::kPermissionDenied);
  }
  // A batch with one document the role may not publish writes nothing.
  const uint64_t before = store->last_seq().value();
  auto mixed = store->put({job("j1"), report("r4")}, kGov);
  REQUIRE_FALSE(mixed.is_ok());
  CHECK(mixed.status().message().rfind("documents[1]: type:", 0) == 0);
  CHECK(store->last_seq().value() == before);
  CHECK_FALSE(store->get("j1").value().has_value());
}

TEST_CASE("every published version of a series is kept as a revision") {
  TempDir dir;
  auto store = open_store(dir);
  REQUIRE(store->put({series("s1", 5.3)}, kGov).is_ok());
  REQUIRE(store->put({series("s1", 5.3)}, kGov).is_ok());  // unchanged: no new revision
  REQUIRE(store->put({series("s1", 5.4)}, kGov).is_ok());
  auto all = store->revisions("s1");
  REQUIRE(all.is_ok());
  REQUIRE(all->size() == 2);
  CHECK(all.value()[0].revision == 1);
  CHECK(all.value()[0].json.find("5.3") != std::string::npos);
  CHECK(all.value()[1].revision == 2);
  CHECK(all.value()[1].json.find("5.4") != std::string::npos);
  CHECK(all.value()[1].seq > all.value()[0].seq);
  auto first = store->revision("s1", 1);
  REQUIRE(first.is_ok());
  REQUIRE(first->has_value());
  CHECK(first.value()->json == all.value()[0].json);
  CHECK_FALSE(store->revision("s1", 3).value().has_value());
  // Other types keep only their latest state.
  REQUIRE(store->put({job("j1")}, kGov).is_ok());
  CHECK(store->revisions("j1").value().empty());
}

}  // namespace
}  // namespace chanjiao::store
