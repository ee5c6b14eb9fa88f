#include "indexer/index_update.h"

#include <chrono>
#include <iostream>
#include <unordered_map>

#include "core/document.h"
#include "core/schema.h"
#include "indexer/index_builder.h"
#include "indexer/index_layout.h"
#include "indexer/shards.h"
#include "indexer/source_reader.h"
#include "indexer/store_sync.h"
#include "indexer/term_builder.h"

namespace chanjiao::index {
namespace {

using Manifest = std::unordered_map<std::string, std::string>;  // id → content hash

// Each shard holds the manifest entries of its own ids (indexer/shards.h).
Manifest read_manifest(const std::string& generation) {
  Manifest manifest;
  auto shards = local_shards(generation);
  if (!shards.is_ok()) throw Xapian::DatabaseOpeningError(shards.status().message());
  const std::string prefix = schema::kMetaCorpusPrefix;
  for (const std::string& path : shards.value()) {
    Xapian::Database db(path);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
      std::string key = *it;
      manifest[key.substr(prefix.size())] = db.get_metadata(key);
    }
  }
  return manifest;
}

// True when the store has a row (document or tombstone) for `id`: the
// store's version wins over the corpus record.
Result<bool> store_has(store::DocumentStore* store, const std::string& id) {
  if (store == nullptr) return false;
  auto row = store->get(id);
  if (!row.is_ok()) return row.status();
  return row->has_value();
}

}  // namespace

Result<UpdateStats> update_index(const UpdateOptions& options, const analysis::Analyzer& analyzer) {
  auto start = std::chrono::steady_clock::now();
  std::ostream& log = options.log != nullptr ? *options.log : std::cerr;
  auto job = WriterLock::acquire_job(options.index_root, options.job_wait_seconds);
  if (!job.is_ok()) return job.status();
  IndexLayout layout(options.index_root);
  auto current = layout.current();
  if (!current.is_ok()) return current.status();
  UpdateStats stats;
  stats.generation = current.value();

  // Read the sources before taking the writer lock: the live updater keeps
  // publishing meanwhile.
  Manifest old_manifest;
  try {
    old_manifest = read_manifest(current.value());
  } catch (const Xapian::Error& e) {
    return Status::internal("cannot open index " + current.value() + ": " + e.get_description());
  }
  Manifest new_manifest;
  std::unordered_map<std::string, Document> to_index;  // new or changed records
  if (!options.sources.empty()) {
    auto reader = SourceReader::open(options.sources);
    if (!reader.is_ok()) return reader.status();
    while (auto record = reader->next()) {
      auto doc = record->too_long
                     ? Result<Document>(Status::invalid_argument("json: line too long"))
                     : parse_document(record->text);
      if (!doc.is_ok()) {
        log << record->file << ':' << record->line << ": " << doc.status().message()
            << " (record skipped)\n";
        ++stats.skipped;
        continue;
      }
      const std::string id = doc->id;
      std::string hash = corpus_hash(doc.value());
      auto old = old_manifest.find(id);
      if (old == old_manifest.end() || old->second != hash)
        to_index.insert_or_assign(id, std::move(doc).value());
      else
        to_index.erase(id);  // an earlier duplicate changed, the last one did not
      new_manifest[id] = std::move(hash);
    }
  }

  auto writer = WriterLock::acquire(options.index_root, options.writer_wait_seconds);
  if (!writer.is_ok()) return writer.status();
  TermBuilder builder(analyzer);
  try {
    ShardedWriter db = ShardedWriter::open(current.value());
    const std::string prefix = schema::kMetaCorpusPrefix;
    for (const auto& [id, doc] : to_index) {
      (old_manifest.contains(id) ? stats.changed : stats.added)++;
      Xapian::WritableDatabase& shard = db.shard_for(id);
      shard.set_metadata(prefix + id, new_manifest[id]);
      auto in_store = store_has(options.store, id);
      if (!in_store.is_ok()) return in_store.status();
      if (!in_store.value()) index_document(shard, builder, doc);
    }
    for (const auto& [id, hash] : old_manifest) {
      if (options.sources.empty() || new_manifest.contains(id)) continue;
      ++stats.removed;
      Xapian::WritableDatabase& shard = db.shard_for(id);
      shard.set_metadata(prefix + id, "");  // empty value: the key is removed
      auto in_store = store_has(options.store, id);
      if (!in_store.is_ok()) return in_store.status();
      if (!in_store.value()) shard.delete_document(schema::term(schema::kId, id));
    }
    if (options.store != nullptr) {
      auto applied = apply_store_changes(db, *options.store, builder);
      if (!applied.is_ok()) return applied.status();
      stats.store_replaced = applied->replaced;
      stats.store_deleted = applied->deleted;
      stats.store_seq = applied->applied_seq;
    } else {
      stats.store_seq = applied_store_seq(db.meta());
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    return Status::internal("updating " + current.value() + " failed: " + e.get_description());
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace chanjiao::index
