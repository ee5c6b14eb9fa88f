// Incremental update of the live index generation (`chanjiao-index update`):
// what changed since the last build or update, applied in place.
//
//  * Corpus files: every record's content hash is compared with the manifest
//    the index keeps (schema::kMetaCorpusPrefix): new and changed records are
//    (re)indexed, records no longer in the sources are deleted — unless the
//    store holds that id (a published version or a tombstone wins).
//  * Store: the changes after the index's applied seq.
//
// Both go into one Xapian commit together with the new manifest and seq, so
// a killed update leaves the index as it was and the next one redoes it.
// Over a sharded generation (core/shards.h) each change goes to its id's
// shard with its manifest entry, and shard 0, which holds the seq, commits
// last (indexer/shards.h): a killed update redoes the shards it committed.
// Holds ROOT/.job-lock for the run and ROOT/.lock while it writes.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "core/status.h"
#include "store/document_store.h"

namespace chanjiao::index {

struct UpdateOptions {
  std::string index_root;                 // IndexLayout root with a live generation
  std::vector<std::string> sources;       // JSONL files or folders (may be empty: store only)
  store::DocumentStore* store = nullptr;  // nullptr: corpus only
  std::ostream* log = nullptr;            // bad records, warnings (nullptr: std::cerr)
  double job_wait_seconds = 0;            // another job running: fail at once (0) or wait
  double writer_wait_seconds = 60;        // for ROOT/.lock (the live updater holds it briefly)
};

struct UpdateStats {
  uint64_t added = 0;    // corpus records new to the index
  uint64_t changed = 0;  // corpus records whose content changed
  uint64_t removed = 0;  // corpus records gone from the sources
  uint64_t skipped = 0;  // bad records
  uint64_t store_replaced = 0, store_deleted = 0;
  uint64_t store_seq = 0;  // applied after the update
  double seconds = 0;
  std::string generation;
};

Result<UpdateStats> update_index(const UpdateOptions& options, const analysis::Analyzer& analyzer);

}  // namespace chanjiao::index
