#include "search/visibility.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <set>

#include "core/schema.h"
#include "indexer/term_builder.h"
#include "tests/test_support.h"

namespace chanjiao::search {
namespace {

// Four documents made by the real TermBuilder: public (with and without an
// owner), restricted to org `a`, restricted to org `b`.
Xapian::Database index_with_restricted_documents() {
  index::TermBuilder builder(testing::analyzer());
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const char* docs[] = {
      R"({"id":"public","type":"job","title":"数据分析师"})",
      R"({"id":"public-a","type":"job","title":"数据分析师","owner_org":"a"})",
      R"({"id":"secret-a","type":"job","title":"数据分析师","owner_org":"a","restricted":true})",
      R"({"id":"secret-b","type":"job","title":"数据分析师","owner_org":"b","restricted":true})",
  };
  for (const char* json : docs) db.add_document(builder.build(parse_document(json).value()));
  return db;
}

std::set<std::string> visible_ids(const Xapian::Database& db, const Viewer& viewer) {
  Xapian::Enquire enquire(db);
  enquire.set_query(visible_only(db, schema::match_all(), viewer));
  std::set<std::string> ids;
  Xapian::MSet mset = enquire.get_mset(0, 10);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    std::string id = parse_document(it.get_document().get_data()).value().id;
    ids.insert(id);
    CHECK(is_visible(db, *it, viewer));
  }
  return ids;
}

TEST_CASE("restricted documents are visible to their organisation and admins only") {
  Xapian::Database db = index_with_restricted_documents();
  struct Row {
    Viewer viewer;
    std::set<std::string> visible;
  } rows[] = {
      {{"", false}, {"public", "public-a"}},
      {{"a", false}, {"public", "public-a", "secret-a"}},
      {{"b", false}, {"public", "public-a", "secret-b"}},
      {{"c", false}, {"public", "public-a"}},
      {{"platform", true}, {"public", "public-a", "secret-a", "secret-b"}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.viewer.org);
    CHECK(visible_ids(db, row.viewer) == row.visible);
    HiddenDocuments hidden(db, row.viewer);
    CHECK(hidden.count_with(db, schema::term(schema::kType, "job")) == 4 - row.visible.size());
  }
}

TEST_CASE("an index without restricted documents is not filtered at all") {
  index::TermBuilder builder(testing::analyzer());
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(builder.build(parse_document(R"({"id":"x","type":"job","title":"t"})").value()));
  CHECK(hidden_documents(db, Viewer{}).empty());
  CHECK(HiddenDocuments(db, Viewer{}).empty());
}

}  // namespace
}  // namespace chanjiao::search
