#include "store/sqlite.h"

#include <sqlite3.h>

#include <ctime>

namespace chanjiao::store::sqlite {
namespace {

Status unavailable(std::string_view store_name, std::string_view message) {
  return Status::unavailable(std::string(store_name) + ": " + std::string(message));
}

Result<sqlite3*> open_connection(const std::string& path, std::string_view name,
                                 const char* connection_sql) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return unavailable(name, path + ": " + message);
  }
  // Another process (chanjiao-admin, chanjiao-index) may hold the write lock
  // for a moment: wait rather than fail.
  sqlite3_busy_timeout(db, 5000);
  if (Status s = exec(db, connection_sql, name); !s.is_ok()) {
    sqlite3_close(db);
    return s;
  }
  return db;
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK)
    fail();
}

void Statement::fail() {
  // Kept now: the connection's message is overwritten by its next call.
  failed_ = true;
  error_ = sqlite3_errmsg(db_);
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int i, std::string_view s) {
  sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

bool Statement::step_row() {
  if (failed_) return false;
  int rc = sqlite3_step(stmt_);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail();
  return rc == SQLITE_ROW;
}

bool Statement::step_done() {
  if (failed_) return false;
  if (sqlite3_step(stmt_) != SQLITE_DONE) fail();
  return !failed_;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

std::string Statement::text(int col) const {
  const unsigned char* s = sqlite3_column_text(stmt_, col);
  return s == nullptr ? ""
                      : std::string(reinterpret_cast<const char*>(s),
                                    static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

int64_t Statement::integer(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}


int64_t changes(sqlite3* db) {
  return sqlite3_changes(db);
}

Status exec(sqlite3* db, const char* sql, std::string_view store_name) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return Status::ok();
  std::string message = error ? error : sqlite3_errmsg(db);
  sqlite3_free(error);
  return unavailable(store_name, message);
}

Transaction::Transaction(sqlite3* db, const char* begin, std::string_view store_name)
    : db_(db), store_name_(store_name), status_(exec(db, begin, store_name)) {
  open_ = status_.is_ok();
}

Transaction::~Transaction() {
  if (open_) exec(db_, "ROLLBACK", store_name_);
}

Status Transaction::commit() {
  open_ = false;
  return exec(db_, "COMMIT", store_name_);
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, std::string_view name,
                                                 const char* connection_sql,
                                                 const char* schema_sql) {
  auto writer = open_connection(path, name, connection_sql);
  if (!writer.is_ok()) return writer.status();
  if (Status s = exec(writer.value(), schema_sql, name); !s.is_ok()) {
    sqlite3_close(writer.value());
    return s;
  }
  auto reader = open_connection(path, name, connection_sql);
  if (!reader.is_ok()) {
    sqlite3_close(writer.value());
    return reader.status();
  }
  return std::unique_ptr<Database>(
      new Database(path, std::string(name), writer.value(), reader.value()));
}

Database::Database(std::string path, std::string name, sqlite3* writer, sqlite3* reader)
    : path_(std::move(path)), name_(std::move(name)), writer_(writer), reader_(reader) {}

Database::~Database() {
  sqlite3_close(reader_);
  sqlite3_close(writer_);
}

Status Database::error(const Statement& statement) const {
  return unavailable(name_, statement.error());
}

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace chanjiao::store::sqlite
