#include "indexer/store_sync.h"

#include <algorithm>
#include <iostream>
#include <string>

#include "core/schema.h"

namespace chanjiao::index {

uint64_t applied_store_seq(const Xapian::Database& db) {
  std::string value = db.get_metadata(schema::kMetaStoreSeq);
  return value.empty() ? 0 : std::stoull(value);
}

void index_document(Xapian::WritableDatabase& db, const TermBuilder& builder, const Document& doc) {
  std::vector<std::string> spelling;
  Xapian::Document xdoc = builder.build(doc, &spelling);
  // Delete and add, not replace in place: a docid's content never changes
  // after it is written, which lets readers refresh per-docid tables by
  // reading only the docids added since (search/facet_table.h).
  const std::string id_term = schema::term(schema::kId, doc.id);
  db.delete_document(id_term);
  db.add_document(xdoc);
  for (const std::string& word : spelling)
    if (word.size() <= schema::kMaxTermBytes) db.add_spelling(word);
}

Result<StoreSyncStats> apply_store_changes(Xapian::WritableDatabase& db,
                                           store::DocumentStore& store, const TermBuilder& builder,
                                           uint64_t max_changes) {
  ShardedWriter one(db);
  return apply_store_changes(one, store, builder, max_changes);
}

Result<StoreSyncStats> apply_store_changes(ShardedWriter& index, store::DocumentStore& store,
                                           const TermBuilder& builder, uint64_t max_changes) {
  Xapian::WritableDatabase& db = index.meta();
  constexpr size_t kPage = 500;
  StoreSyncStats stats;
  stats.from_seq = stats.applied_seq = applied_store_seq(db);
  uint64_t done = 0;
  try {
    while (done < max_changes) {
      size_t page = static_cast<size_t>(std::min<uint64_t>(kPage, max_changes - done));
      auto rows = store.changes_after(stats.applied_seq, page);
      if (!rows.is_ok()) return rows.status();
      for (const store::StoredDocument& row : rows.value()) {
        if (row.deleted) {
          index.shard_for(row.id).delete_document(schema::term(schema::kId, row.id));
          ++stats.deleted;
        } else if (auto doc = parse_document(row.json); doc.is_ok()) {
          index_document(index.shard_for(doc->id), builder, doc.value());
          ++stats.replaced;
        } else {
          // Validated before it was stored: only a bug or a hand-edited row.
          std::cerr << "warning: store row " << row.id << " (seq " << row.seq
                    << ") is not a valid document: " << doc.status().message() << '\n';
        }
        stats.applied_seq = row.seq;
      }
      done += rows->size();
      if (rows->size() < page) break;
    }
    stats.caught_up = done < max_changes;
    if (stats.applied_seq != stats.from_seq)
      db.set_metadata(schema::kMetaStoreSeq, std::to_string(stats.applied_seq));
  } catch (const Xapian::Error& e) {
    return Status::internal("applying store changes failed: " + e.get_description());
  }
  return stats;
}

}  // namespace chanjiao::index
