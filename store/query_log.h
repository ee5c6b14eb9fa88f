// QueryLog: the server's own search log, for search analytics
// (GET /api/v1/insights/queries): top queries, queries without results, by
// day. Stored durably in SQLite (WAL) beside the index by default.
//
// Privacy: a row holds only the normalised query text (runs of 7+ digits —
// phone or ID numbers — replaced by '#'), its result total and the time; no
// address, header, key or session.
//
// record() never blocks a search: it appends to a bounded in-memory queue
// (entries beyond kMaxQueued are dropped and counted) and a background thread
// writes the queue in batches, one transaction each. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "store/sqlite.h"

namespace chanjiao::store {

struct QueryCount {
  std::string query;
  int64_t count = 0;
  int64_t last_total = 0;  // results the latest search for it returned
};

struct DayCount {
  std::string day;  // YYYY-MM-DD (UTC)
  int64_t searches = 0;
  int64_t no_result = 0;
};

struct QueryStats {
  int64_t searches = 0;  // in the window
  int64_t no_result = 0;
  std::vector<QueryCount> top;         // most searched first
  std::vector<QueryCount> no_results;  // most searched queries with 0 results
  std::vector<DayCount> by_day;        // ascending
  int64_t dropped = 0;                 // queue overflows since start
};

class QueryLog {
 public:
  static constexpr size_t kMaxQueued = 10000;
  static constexpr size_t kMaxQueryBytes = 256;
  using Normalizer = std::function<std::string(std::string_view)>;

  // Opens (creating) the database at `path`. `normalize` maps query text to
  // its logged form (the analyzer's normalisation), run on the writer thread.
  static Result<std::unique_ptr<QueryLog>> open(const std::string& path, Normalizer normalize);
  ~QueryLog();  // writes what is queued, then closes

  // Queues one search; empty (browse) queries are not logged.
  void record(std::string_view query, int64_t total);
  // Waits (at most `timeout_ms`) until everything queued so far is written.
  void flush(int timeout_ms = 2000);
  // Statistics over the last `days` days (today included), `limit` per list.
  Result<QueryStats> stats(int days, size_t limit);

  // The logged form of a query: normalised, whitespace collapsed, digit runs
  // masked, cut to kMaxQueryBytes at a character boundary.
  std::string clean(std::string_view query) const;

 private:
  struct Entry {
    std::string query;
    int64_t total;
    int64_t at;  // unix seconds
  };
  QueryLog(std::unique_ptr<sqlite::Database> db, Normalizer normalize);
  void run();
  void write_batch(std::vector<Entry>& batch);

  std::unique_ptr<sqlite::Database> db_;  // the writer for the thread, the reader for stats
  Normalizer normalize_;
  std::mutex mutex_;
  std::condition_variable wake_, written_;
  std::deque<Entry> queue_;
  uint64_t queued_ = 0, done_ = 0;
  int64_t dropped_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace chanjiao::store
