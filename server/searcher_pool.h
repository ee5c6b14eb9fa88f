// SearcherPool: one Searcher per worker thread over the live index
// generation. Each request checks the `current` link (one readlink) and a
// thread whose generation is stale opens the new one, so a rebuilt index is
// picked up without a restart and without failing requests; the previous
// generation stays on disk for readers that still hold it (IndexLayout).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "analyzers/analyzer.h"
#include "core/status.h"
#include "search/searcher.h"

namespace chanjiao::server {

class SearcherPool {
 public:
  SearcherPool(std::shared_ptr<const analysis::Analyzer> analyzer, std::string index_root);

  // This thread's Searcher over the live generation.
  Result<search::Searcher*> acquire();

  // Generation path last opened by any thread, for /metrics and /healthz.
  std::string live_generation() const;
  const analysis::Analyzer& analyzer() const { return *analyzer_; }

 private:
  std::shared_ptr<const analysis::Analyzer> analyzer_;
  std::string root_;
  mutable std::mutex mutex_;
  std::string live_;
};

}  // namespace chanjiao::server
