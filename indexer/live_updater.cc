#include "indexer/live_updater.h"

#include <iostream>

#include "indexer/index_layout.h"
#include "indexer/shards.h"
#include "indexer/store_sync.h"

namespace chanjiao::index {

LiveUpdater::LiveUpdater(std::string index_root, store::DocumentStore& store,
                         const analysis::Analyzer& analyzer)
    : root_(std::move(index_root)), store_(store), builder_(analyzer) {}

LiveUpdater::~LiveUpdater() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LiveUpdater::start() {
  thread_ = std::thread([this] { run(); });
}

void LiveUpdater::notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_one();
}

void LiveUpdater::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    pending_ = false;
    lock.unlock();
    Status s = sync_once();
    if (!s.is_ok() && s.code() != StatusCode::kUnavailable)
      std::cerr << "warning: live update: " << s.message() << '\n';
    lock.lock();
    wake_.wait_for(lock, kMinInterval, [this] { return stop_; });
    if (!pending_)
      wake_.wait_for(lock, kInterval - kMinInterval, [this] { return stop_ || pending_; });
  }
}

Status LiveUpdater::sync_once() {
  auto last = store_.last_seq();
  if (!last.is_ok()) return last.status();
  index::IndexLayout layout(root_);
  auto current = layout.current();
  if (!current.is_ok()) return current.status();
  if (last.value() <= applied_seq_ && current.value() == synced_generation_) return Status::ok();

  auto lock = index::WriterLock::acquire(root_);
  if (!lock.is_ok()) return lock.status();
  current = layout.current();  // a swap may have happened before we got the lock
  if (!current.is_ok()) return current.status();
  try {
    // Each change goes to its document's shard; the seq commits last.
    ShardedWriter db = ShardedWriter::open(current.value());
    auto applied = index::apply_store_changes(db, store_, builder_, kMaxChangesPerCommit);
    if (!applied.is_ok()) return applied.status();
    if (applied->applied_seq != applied->from_seq) db.commit();
    applied_seq_ = applied->applied_seq;
    synced_generation_ = current.value();
    if (!applied->caught_up) notify();
  } catch (const Xapian::DatabaseLockError& e) {
    return Status::unavailable(e.get_description());
  } catch (const Xapian::Error& e) {
    return Status::internal("live update of " + current.value() + ": " + e.get_description());
  }
  return Status::ok();
}

}  // namespace chanjiao::index
