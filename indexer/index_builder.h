// Builds a fresh index generation from JSON Lines sources (and the document
// store) and swaps it in.
//
// Records are parsed and analysed in parallel, written by one thread in input
// order (so when an id repeats, the last record wins, with a warning). A bad
// record is reported as `file:line: field: problem` and skipped; with
// `strict`, any bad record fails the build and nothing is published.
//
// With a store, its documents override corpus records of the same id and
// its tombstones exclude them. The build reads one store snapshot at the
// start and records its seq; it writes the new generation without blocking
// the live index (the server keeps applying publications to it), then takes
// ROOT/.lock, applies the store changes that arrived meanwhile to the new
// generation and swaps it in. Killing a build at any moment leaves the live
// index intact; the next build removes the orphan.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "core/status.h"
#include "store/document_store.h"

namespace chanjiao::index {

struct BuildOptions {
  std::string index_root;            // IndexLayout root (created if missing)
  std::vector<std::string> sources;  // JSONL files or folders
  bool strict = false;               // any bad record fails the build
  unsigned threads = 0;              // writer threads (1 shard); 0 = all cores
  // Shards of the generation (core/shards.h): 1 is one database (today's
  // layout); N > 1 writes shard-0..N-1, one writer thread each, routed by
  // shards::shard_of(id), and a stub file naming them. 0: as many as the
  // live generation has (a rebuild keeps the layout), 1 when there is none.
  unsigned shards = 0;
  std::ostream* log = nullptr;            // errors, warnings, progress (nullptr: std::cerr)
  bool progress_on_terminal = false;      // redraw one progress line instead of printing lines
  store::DocumentStore* store = nullptr;  // published documents; nullptr: corpus only
  double job_wait_seconds = 0;            // another job running: fail at once (0) or wait this long
  double writer_wait_seconds =
      60;  // for ROOT/.lock at swap time (the live updater holds it briefly)
};

struct BuildStats {
  uint64_t records = 0;     // non-blank lines read
  uint64_t indexed = 0;     // documents in the new index
  uint64_t skipped = 0;     // bad records
  uint64_t duplicates = 0;  // ids seen again (the later record won)
  uint64_t text_bytes = 0;  // bytes of JSON read
  double seconds = 0;
  uint64_t store_documents = 0;  // documents taken from the store
  uint64_t store_seq = 0;        // the store change the new index reflects
  std::string generation;        // path of the published generation
};

// Content hash of a corpus record in the manifest (schema::kMetaCorpusPrefix):
// of its canonical JSON, so formatting and unknown fields are not changes.
std::string corpus_hash(const Document& doc);

Result<BuildStats> build_index(const BuildOptions& options, const analysis::Analyzer& analyzer);

}  // namespace chanjiao::index
