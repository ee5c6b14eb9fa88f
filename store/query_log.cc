#include "store/query_log.h"

#include <chrono>
#include <ctime>
#include <iostream>

namespace chanjiao::store {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS queries (
  id    INTEGER PRIMARY KEY,
  at    INTEGER NOT NULL,  -- unix seconds
  day   TEXT    NOT NULL,  -- YYYY-MM-DD, UTC
  query TEXT    NOT NULL,  -- normalised text only: no address, key or session
  total INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS queries_day ON queries (day);
)sql";

std::string utc_day(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Owns a prepared statement.
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); }
  ~Statement() { sqlite3_finalize(stmt); }
  explicit operator bool() const { return stmt != nullptr; }
};

Result<sqlite3*> open_db(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::unavailable("query log " + path + ": " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  char* error = nullptr;
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "cannot create schema";
    sqlite3_free(error);
    sqlite3_close(db);
    return Status::unavailable("query log " + path + ": " + message);
  }
  return db;
}

}  // namespace

Result<std::unique_ptr<QueryLog>> QueryLog::open(const std::string& path, Normalizer normalize) {
  auto writer = open_db(path);
  if (!writer.is_ok()) return writer.status();
  auto reader = open_db(path);
  if (!reader.is_ok()) {
    sqlite3_close(writer.value());
    return reader.status();
  }
  return std::unique_ptr<QueryLog>(
      new QueryLog(writer.value(), reader.value(), std::move(normalize)));
}

QueryLog::QueryLog(sqlite3* writer, sqlite3* reader, Normalizer normalize)
    : writer_(writer), reader_(reader), normalize_(std::move(normalize)) {
  thread_ = std::thread([this] { run(); });
}

QueryLog::~QueryLog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  sqlite3_close(reader_);
  sqlite3_close(writer_);
}

void QueryLog::record(std::string_view query, int64_t total) {
  if (query.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
      ++dropped_;
      return;
    }
    queue_.push_back({std::string(query.substr(0, 4 * kMaxQueryBytes)), total, now_seconds()});
    ++queued_;
  }
  wake_.notify_one();
}

void QueryLog::flush(int timeout_ms) {
  std::unique_lock lock(mutex_);
  uint64_t target = queued_;
  written_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return done_ >= target; });
}

std::string QueryLog::clean(std::string_view query) const {
  std::string text = normalize_ ? normalize_(query) : std::string(query);
  std::string out;
  size_t digits = 0;
  auto end_digits = [&] {
    if (digits >= 7) {
      out.resize(out.size() - digits);
      out += '#';
    }
    digits = 0;
  };
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += c;
      ++digits;
      continue;
    }
    end_digits();
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  end_digits();
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > kMaxQueryBytes) {
    size_t cut = kMaxQueryBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

void QueryLog::run() {
  for (;;) {
    std::vector<Entry> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty() && stop_) return;
      batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
      queue_.clear();
    }
    write_batch(batch);
    {
      std::lock_guard lock(mutex_);
      done_ += batch.size();
    }
    written_.notify_all();
  }
}

void QueryLog::write_batch(std::vector<Entry>& batch) {
  sqlite3_exec(writer_, "BEGIN", nullptr, nullptr, nullptr);
  Statement insert(writer_, "INSERT INTO queries (at, day, query, total) VALUES (?, ?, ?, ?)");
  for (const Entry& e : batch) {
    std::string query = clean(e.query);
    if (query.empty() || !insert) continue;
    std::string day = utc_day(e.at);
    sqlite3_bind_int64(insert.stmt, 1, e.at);
    sqlite3_bind_text(insert.stmt, 2, day.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.stmt, 3, query.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert.stmt, 4, e.total);
    if (sqlite3_step(insert.stmt) != SQLITE_DONE)
      std::cerr << "query-log: insert failed: " << sqlite3_errmsg(writer_) << '\n';
    sqlite3_reset(insert.stmt);
  }
  if (sqlite3_exec(writer_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::cerr << "query-log: commit failed: " << sqlite3_errmsg(writer_) << '\n';
    sqlite3_exec(writer_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Result<QueryStats> QueryLog::stats(int days, size_t limit) {
  flush();
  QueryStats s;
  {
    std::lock_guard lock(mutex_);
    s.dropped = dropped_;
  }
  const std::string since = utc_day(now_seconds() - int64_t(days - 1) * 86400);
  std::lock_guard lock(read_mutex_);
  auto fail = [&] {
    return Status::internal(std::string("query log: ") + sqlite3_errmsg(reader_));
  };

  auto query_counts = [&](const char* sql, std::vector<QueryCount>& out) -> bool {
    Statement st(reader_, sql);
    if (!st) return false;
    sqlite3_bind_text(st.stmt, 1, since.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st.stmt, 2, static_cast<int64_t>(limit));
    while (sqlite3_step(st.stmt) == SQLITE_ROW) {
      out.push_back({reinterpret_cast<const char*>(sqlite3_column_text(st.stmt, 0)),
                     sqlite3_column_int64(st.stmt, 1), sqlite3_column_int64(st.stmt, 2)});
    }
    return true;
  };
  // The latest total of each query: the row with the highest id (SQLite
  // takes the bare column from the row that gave MAX()).
  if (!query_counts("SELECT query, COUNT(*) AS n, total, MAX(id) FROM queries WHERE day >= ?1 "
                    "GROUP BY query ORDER BY n DESC, query LIMIT ?2",
                    s.top))
    return fail();
  if (!query_counts("SELECT query, COUNT(*) AS n, total, MAX(id) FROM queries "
                    "WHERE day >= ?1 AND total = 0 GROUP BY query ORDER BY n DESC, query LIMIT ?2",
                    s.no_results))
    return fail();
  Statement by_day(reader_,
                   "SELECT day, COUNT(*), SUM(total = 0) FROM queries WHERE day >= ?1 "
                   "GROUP BY day ORDER BY day");
  if (!by_day) return fail();
  sqlite3_bind_text(by_day.stmt, 1, since.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(by_day.stmt) == SQLITE_ROW) {
    DayCount d{reinterpret_cast<const char*>(sqlite3_column_text(by_day.stmt, 0)),
               sqlite3_column_int64(by_day.stmt, 1), sqlite3_column_int64(by_day.stmt, 2)};
    s.searches += d.searches;
    s.no_result += d.no_result;
    s.by_day.push_back(std::move(d));
  }
  return s;
}

}  // namespace chanjiao::store
