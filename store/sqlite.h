// The small part of SQLite's C API the stores use, with ownership and errors
// made explicit: the document store, the API keys and the query log share it
// instead of each wrapping sqlite3_* calls its own way.
//
// A Database is one file opened twice, a connection for writes and one for
// reads, each used by one thread at a time under its own mutex. In WAL mode
// reads never wait for the writer; SQLite allows one writer at a time anyway.
// Errors are Status values whose message starts with the store's name
// ("document store: ...", "query log: ...").
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace chanjiao::store::sqlite {

// A prepared statement with typed binding and reading. A statement that
// failed to prepare reports the error on its first step().
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::string_view s);
  Statement& bind(int i, int64_t v);
  // true for a row, false when done; an error leaves `error()` set.
  bool step_row();
  // Runs a statement that returns no rows; false on error.
  bool step_done();
  // Clears the bindings' use for another step (the values stay bound).
  void reset();

  std::string text(int col) const;
  int64_t integer(int col) const;
  bool is_null(int col) const;
  bool failed() const { return failed_; }
  // SQLite's message for the failure; empty while none.
  const std::string& error() const { return error_; }

 private:
  void fail();

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool failed_ = false;
  std::string error_;
};

// Rows the last statement on `db` changed.
int64_t changes(sqlite3* db);

// Runs `sql` (one or more statements without results).
Status exec(sqlite3* db, const char* sql, std::string_view store_name);

// Rolls back unless committed: every early return leaves no transaction open.
class Transaction {
 public:
  Transaction(sqlite3* db, const char* begin, std::string_view store_name);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  const Status& begun() const { return status_; }
  Status commit();

 private:
  sqlite3* db_;
  std::string store_name_;
  Status status_;
  bool open_ = false;
};

class Database {
 public:
  // Opens (creating) `path` twice. `connection_sql` runs on both connections
  // (per-connection pragmas), `schema_sql` once on the writer.
  static Result<std::unique_ptr<Database>> open(const std::string& path, std::string_view name,
                                                const char* connection_sql, const char* schema_sql);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  const std::string& name() const { return name_; }

  // The connection for writes or reads, held for as long as the guard lives.
  class Guard {
   public:
    Guard(std::mutex& mutex, sqlite3* db) : lock_(mutex), db_(db) {}
    sqlite3* db() const { return db_; }

   private:
    std::lock_guard<std::mutex> lock_;
    sqlite3* db_;
  };
  Guard writer() { return Guard(write_mutex_, writer_); }
  Guard reader() { return Guard(read_mutex_, reader_); }

  // "<name>: <message>" as kUnavailable: what a failed statement returns.
  Status error(const Statement& statement) const;

 private:
  Database(std::string path, std::string name, sqlite3* writer, sqlite3* reader);

  std::string path_, name_;
  std::mutex write_mutex_;
  sqlite3* writer_;
  std::mutex read_mutex_;
  sqlite3* reader_;
};

// The current time as ISO 8601 UTC, to the second ("2026-12-07T20:50:00Z").
std::string now_iso8601();

}  // namespace chanjiao::store::sqlite
