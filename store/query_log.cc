#include "store/query_log.h"

#include <chrono>
#include <ctime>
#include <iostream>

namespace chanjiao::store {
namespace {

constexpr std::string_view kName = "query log";

// A lost last second of analytics after a power cut is acceptable: NORMAL,
// not the document store's FULL.
constexpr const char* kPragmas = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
)sql";

constexpr const char* kSchema = R"sql(
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

}  // namespace

Result<std::unique_ptr<QueryLog>> QueryLog::open(const std::string& path, Normalizer normalize) {
  auto db = sqlite::Database::open(path, kName, kPragmas, kSchema);
  if (!db.is_ok()) return db.status();
  return std::unique_ptr<QueryLog>(new QueryLog(std::move(db.value()), std::move(normalize)));
}

QueryLog::QueryLog(std::unique_ptr<sqlite::Database> db, Normalizer normalize)
    : db_(std::move(db)), normalize_(std::move(normalize)) {
  thread_ = std::thread([this] { run(); });
}

QueryLog::~QueryLog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
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
  auto writer = db_->writer();
  sqlite::Transaction txn(writer.db(), "BEGIN", kName);
  if (!txn.begun().is_ok()) {
    std::cerr << "query-log: " << txn.begun().message() << '\n';
    return;
  }
  sqlite::Statement insert(writer.db(),
                           "INSERT INTO queries (at, day, query, total) VALUES (?, ?, ?, ?)");
  for (const Entry& e : batch) {
    std::string query = clean(e.query);
    if (query.empty()) continue;
    insert.bind(1, e.at).bind(2, utc_day(e.at)).bind(3, query).bind(4, e.total);
    // The log never fails a search: a row that cannot be written is reported
    // and the batch goes on.
    if (!insert.step_done()) {
      std::cerr << "query-log: insert failed: " << insert.error() << '\n';
      break;
    }
    insert.reset();
  }
  if (Status s = txn.commit(); !s.is_ok()) std::cerr << "query-log: " << s.message() << '\n';
}

Result<QueryStats> QueryLog::stats(int days, size_t limit) {
  flush();
  QueryStats s;
  {
    std::lock_guard lock(mutex_);
    s.dropped = dropped_;
  }
  const std::string since = utc_day(now_seconds() - int64_t(days - 1) * 86400);
  auto reader = db_->reader();
  auto query_counts = [&](const char* sql, std::vector<QueryCount>& out) -> Status {
    sqlite::Statement st(reader.db(), sql);
    st.bind(1, since).bind(2, static_cast<int64_t>(limit));
    while (st.step_row()) out.push_back({st.text(0), st.integer(1), st.integer(2)});
    return st.failed() ? db_->error(st) : Status::ok();
  };
  // The latest total of each query: the row with the highest id (SQLite
  // takes the bare column from the row that gave MAX()).
  if (Status e =
          query_counts("SELECT query, COUNT(*) AS n, total, MAX(id) FROM queries WHERE day >= ?1 "
                       "GROUP BY query ORDER BY n DESC, query LIMIT ?2",
                       s.top);
      !e.is_ok())
    return e;
  if (Status e = query_counts(
          "SELECT query, COUNT(*) AS n, total, MAX(id) FROM queries "
          "WHERE day >= ?1 AND total = 0 GROUP BY query ORDER BY n DESC, query LIMIT ?2",
          s.no_results);
      !e.is_ok())
    return e;
  sqlite::Statement by_day(reader.db(),
                           "SELECT day, COUNT(*), SUM(total = 0) FROM queries WHERE day >= ?1 "
                           "GROUP BY day ORDER BY day");
  by_day.bind(1, since);
  while (by_day.step_row()) {
    DayCount d{by_day.text(0), by_day.integer(1), by_day.integer(2)};
    s.searches += d.searches;
    s.no_result += d.no_result;
    s.by_day.push_back(std::move(d));
  }
  if (by_day.failed()) return db_->error(by_day);
  return s;
}

}  // namespace chanjiao::store
