// LiveUpdater: near-real-time indexing of published documents. A thread in
// the server applies document-store changes to the live index generation,
// woken by every acknowledged write (notify()) and every kInterval anyway
// (changes written by other processes, catching up after a restart or a
// rebuild's swap).
//
// Each round takes ROOT/.lock without waiting (an indexer job holding it
// means "later": the store is the system of record, nothing is lost), opens
// the live generation — after a swap, the new one — writes up to
// kMaxChangesPerCommit changes and commits them with the applied seq
// (indexer/store_sync.h), then releases the lock. Readers see the commit at
// their next request (SearcherPool). Rounds are at least kMinInterval apart
// and writes arriving meanwhile are batched into the next, so commits stay
// few under load: a reader survives one commit during a request, and two
// (Xapian::DatabaseModifiedError, retried) become rare.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "analyzers/analyzer.h"
#include "core/status.h"
#include "indexer/term_builder.h"
#include "store/document_store.h"

namespace chanjiao::index {

class LiveUpdater {
 public:
  static constexpr std::chrono::milliseconds kInterval{500};
  static constexpr std::chrono::milliseconds kMinInterval{200};
  static constexpr uint64_t kMaxChangesPerCommit = 2000;

  LiveUpdater(std::string index_root, store::DocumentStore& store,
              const analysis::Analyzer& analyzer);
  ~LiveUpdater();  // finishes the current round, then stops
  LiveUpdater(const LiveUpdater&) = delete;
  LiveUpdater& operator=(const LiveUpdater&) = delete;

  // Starts the thread (its first round catches up with the store).
  void start();
  // A write was acknowledged: run a round now.
  void notify();
  // One round; kUnavailable when a job holds the lock (retried next round).
  Status sync_once();

  uint64_t applied_seq() const { return applied_seq_; }  // as of the last round

 private:
  void run();

  std::string root_;
  store::DocumentStore& store_;
  index::TermBuilder builder_;
  std::atomic<uint64_t> applied_seq_ = 0;
  std::string synced_generation_;  // the generation applied_seq_ refers to
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace chanjiao::index
