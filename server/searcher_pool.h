// SearcherPool: one Searcher per worker thread over the live index
// generation. Each request checks the `current` link (one readlink) and the
// generation's version file (one stat of `iamglass`, which Xapian replaces
// on every commit); a thread whose generation or revision is stale opens it
// afresh, so a rebuilt index and live updates (published documents) are
// picked up without a restart and without failing requests; the previous
// generation stays on disk for readers that still hold it (IndexLayout).
//
// Sharded indexes (issue 16, search/sharding.h): a sharded generation is
// stale when any local shard committed, and an index root given as a stub
// file when it or a stub it names changed (replicas: xapian-replicate swaps
// a replica's stub); remote shards are reopened at most every 500 ms — one
// round trip to each xapian-tcpsrv — to see their commits, and reconnected
// every 10 s to see a rebuild's swap (xapian-tcpsrv opens the database it
// serves per connection: an open connection stays on the old generation).
#pragma once

#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "core/status.h"
#include "search/searcher.h"

namespace chanjiao::server {

class SearcherPool {
 public:
  // `long_query_words`: Searcher::set_long_query_words for every thread's Searcher.
  SearcherPool(std::shared_ptr<const analysis::Analyzer> analyzer, std::string index_root,
               size_t long_query_words = search::LongQueryLimits::kMinWords);

  // Loads what the first search of the live generation would otherwise
  // pay for (its facet table: ~50 ms for 44k documents) before requests come.
  Status warm_up() const;

  // This thread's Searcher over the live generation.
  Result<search::Searcher*> acquire();
  // Drops this thread's Searcher, so the next acquire() opens the index
  // afresh (after Xapian::DatabaseModifiedError).
  void reset_thread();

  // The remote shards of the live index that do not answer now (a probe of
  // each, in parallel, up to search::kRemoteTimeoutSeconds): for the 503 of
  // a request that failed with Xapian::NetworkError.
  std::vector<std::string> unreachable_shards() const;

  // Generation path last opened by any thread, for /metrics and /healthz.
  std::string live_generation() const;
  const analysis::Analyzer& analyzer() const { return *analyzer_; }

 private:
  std::shared_ptr<const analysis::Analyzer> analyzer_;
  std::string root_;
  size_t long_query_words_;
  mutable std::mutex mutex_;
  std::string live_;
};

// Wraps a route handler: when Xapian::DatabaseModifiedError escapes it (the
// index moved on twice under one long read), reopens this thread's Searcher
// and runs the handler again, up to kModifiedRetries times; then the error
// reaches the server's exception handler (500).
inline constexpr int kModifiedRetries = 3;
httplib::Server::Handler retry_on_modified(SearcherPool& pool, httplib::Server::Handler handler);

}  // namespace chanjiao::server
