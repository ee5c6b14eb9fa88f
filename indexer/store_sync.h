// Applying document-store changes to a writable index generation: the one
// path by which published documents reach an existing index (the server's
// live updater, `chanjiao-index update`, and a rebuild's catch-up before its
// swap all use it).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <limits>

#include "core/status.h"
#include "indexer/shards.h"
#include "indexer/term_builder.h"
#include "store/document_store.h"

namespace chanjiao::index {

struct StoreSyncStats {
  uint64_t replaced = 0;     // documents added or replaced
  uint64_t deleted = 0;      // tombstones applied
  uint64_t from_seq = 0;     // the index's applied seq before
  uint64_t applied_seq = 0;  // and after
  bool caught_up = true;     // false when `max_changes` stopped it early
};

// The last store seq `db` reflects (schema::kMetaStoreSeq; 0 when absent).
uint64_t applied_store_seq(const Xapian::Database& db);

// Applies up to `max_changes` store rows with seq > the db's applied seq:
// replace_document / delete_document by the `Q` id term, with TermBuilder,
// and records the new applied seq in the metadata. Does not commit: the
// caller commits, so the documents and the seq become visible together (one
// Xapian commit is atomic) — a crash before it loses nothing, the next run
// applies the same rows again.
//
// Over a sharded generation each row goes to its id's shard and the seq to
// shard 0; the caller's ShardedWriter::commit() commits shard 0 last.
Result<StoreSyncStats> apply_store_changes(
    ShardedWriter& index, store::DocumentStore& store, const TermBuilder& builder,
    uint64_t max_changes = std::numeric_limits<uint64_t>::max());
// The same on one database.
Result<StoreSyncStats> apply_store_changes(
    Xapian::WritableDatabase& db, store::DocumentStore& store, const TermBuilder& builder,
    uint64_t max_changes = std::numeric_limits<uint64_t>::max());

// Adds or replaces one document (and its spelling words); shared by the
// corpus side of `chanjiao-index update`. A replaced document gets a new
// docid: the content behind a docid never changes (search/facet_table.h).
void index_document(Xapian::WritableDatabase& db, const TermBuilder& builder, const Document& doc);

}  // namespace chanjiao::index
