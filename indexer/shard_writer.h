// ShardWriter: a thread that analyses documents and writes them to its own
// Xapian shard. Xapian allows one writer per database, and writing (the
// inverter) costs more than analysis, so a build uses one shard per core and
// compacts them into one database at the end.
#pragma once

#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/document.h"
#include "core/status.h"
#include "indexer/term_builder.h"

namespace chanjiao::index {

class ShardWriter {
 public:
  // Creates the shard database at `path` and starts the thread.
  ShardWriter(const std::string& path, const TermBuilder& builder);
  ~ShardWriter();
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;

  // Queues documents in order; blocks while the queue is full. A document
  // whose id this shard has already written replaces it.
  void push(std::vector<Document> batch);
  // Writes what is queued, commits and stops the thread.
  Status finish();
  uint64_t written() const { return written_; }

 private:
  void run();

  static constexpr size_t kMaxQueuedBatches = 4;
  const TermBuilder& builder_;
  Xapian::WritableDatabase db_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<Document>> queue_;
  bool closing_ = false;
  std::unordered_set<std::string> ids_;
  std::string error_;
  std::atomic<uint64_t> written_ = 0;
  std::thread thread_;
};

}  // namespace chanjiao::index
