#include "store/sqlite.h"

#include <doctest/doctest.h>

#include "tests/test_support.h"

namespace chanjiao::store::sqlite {
namespace {

using testing::TempDir;

constexpr const char* kPragmas = "PRAGMA journal_mode = WAL;";
constexpr const char* kSchema = "CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v INTEGER);";

std::unique_ptr<Database> open_db(const TempDir& dir) {
  auto db = Database::open(dir.file("t.db"), "test store", kPragmas, kSchema);
  REQUIRE(db.is_ok());
  return std::move(db.value());
}

int64_t count_rows(Database& db) {
  auto reader = db.reader();
  Statement q(reader.db(), "SELECT COUNT(*) FROM t");
  REQUIRE(q.step_row());
  return q.integer(0);
}

TEST_CASE("a transaction left without commit is rolled back") {
  TempDir dir;
  auto db = open_db(dir);
  {
    auto writer = db->writer();
    Transaction txn(writer.db(), "BEGIN IMMEDIATE", db->name());
    REQUIRE(txn.begun().is_ok());
    Statement insert(writer.db(), "INSERT INTO t VALUES (?, ?)");
    CHECK(insert.bind(1, "a").bind(2, int64_t{1}).step_done());
  }  // an early return: no commit
  CHECK(count_rows(*db) == 0);
  {
    auto writer = db->writer();
    Transaction txn(writer.db(), "BEGIN IMMEDIATE", db->name());
    Statement insert(writer.db(), "INSERT INTO t VALUES (?, ?)");
    CHECK(insert.bind(1, "b").bind(2, int64_t{2}).step_done());
    CHECK(txn.commit().is_ok());
  }
  CHECK(count_rows(*db) == 1);  // the reader sees what the writer committed
}

TEST_CASE("errors are values naming the store, for bad SQL and broken constraints alike") {
  TempDir dir;
  auto db = open_db(dir);
  auto writer = db->writer();
  Statement bad(writer.db(), "SELECT v FROM missing_table");
  CHECK_FALSE(bad.step_row());
  CHECK(bad.failed());
  Status status = db->error(bad);
  CHECK(status.code() == StatusCode::kUnavailable);
  CHECK(status.message().rfind("test store: ", 0) == 0);
  CHECK(status.message().find("missing_table") != std::string::npos);

  Statement insert(writer.db(), "INSERT INTO t VALUES ('k', 1)");
  CHECK(insert.step_done());
  Statement again(writer.db(), "INSERT INTO t VALUES ('k', 2)");
  CHECK_FALSE(again.step_done());
  CHECK(db->error(again).message().find("UNIQUE") != std::string::npos);
  CHECK(exec(writer.db(), "NOT SQL", db->name()).code() == StatusCode::kUnavailable);
}

TEST_CASE("a statement binds text with any bytes and is reusable after reset") {
  TempDir dir;
  auto db = open_db(dir);
  auto writer = db->writer();
  Statement insert(writer.db(), "INSERT INTO t VALUES (?, ?)");
  for (int64_t i = 0; i < 3; ++i) {
    std::string key = "键" + std::to_string(i) + std::string(1, '\0') + "x";
    CHECK(insert.bind(1, key).bind(2, i).step_done());
    insert.reset();
  }
  Statement q(writer.db(), "SELECT k, v FROM t ORDER BY v");
  REQUIRE(q.step_row());
  CHECK(q.text(0) == std::string("键0") + std::string(1, '\0') + "x");
  CHECK(q.integer(1) == 0);
  CHECK(changes(writer.db()) == 1);
}

TEST_CASE("opening a path that cannot be a database is an error naming it") {
  TempDir dir;
  auto db = Database::open(dir.file("no/such/dir/t.db"), "test store", kPragmas, kSchema);
  REQUIRE_FALSE(db.is_ok());
  CHECK(db.status().message().find("no/such/dir/t.db") != std::string::npos);
}

}  // namespace
}  // namespace chanjiao::store::sqlite
