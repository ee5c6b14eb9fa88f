#include "indexer/shard_writer.h"

#include "core/schema.h"

namespace chanjiao::index {

ShardWriter::ShardWriter(const std::string& path, const TermBuilder& builder)
    : builder_(builder), db_(path, Xapian::DB_CREATE_OR_OVERWRITE), thread_([this] { run(); }) {}

ShardWriter::~ShardWriter() {
  if (thread_.joinable()) finish();
}

void ShardWriter::push(std::vector<Document> batch) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queue_.size() < kMaxQueuedBatches; });
  queue_.push_back(std::move(batch));
  changed_.notify_all();
}

Status ShardWriter::finish() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    changed_.notify_all();
  }
  thread_.join();
  if (!error_.empty()) return Status::internal("index write failed: " + error_);
  try {
    db_.commit();
    db_.close();
  } catch (const Xapian::Error& e) {
    return Status::internal("index commit failed: " + e.get_description());
  }
  return Status::ok();
}

void ShardWriter::run() {
  while (true) {
    std::vector<Document> batch;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      changed_.notify_all();
    }
    if (!error_.empty()) continue;  // drain without writing after a failure
    try {
      for (const Document& doc : batch) {
        std::vector<std::string> spelling;
        Xapian::Document xdoc = builder_.build(doc, &spelling);
        if (ids_.insert(doc.id).second) {
          db_.add_document(xdoc);  // a fresh shard: no lookup needed
        } else {
          db_.replace_document(schema::term(schema::kId, doc.id), xdoc);
        }
        for (const std::string& word : spelling)
          if (word.size() <= schema::kMaxTermBytes) db_.add_spelling(word);
        ++written_;
      }
    } catch (const Xapian::Error& e) {
      error_ = e.get_description();
    }
  }
}

}  // namespace chanjiao::index
