// Builds a fresh index generation from JSON Lines sources and swaps it in.
//
// Records are parsed and analysed in parallel, written by one thread in input
// order (so when an id repeats, the last record wins, with a warning). A bad
// record is reported as `file:line: field: problem` and skipped; with
// `strict`, any bad record fails the build and nothing is published.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "core/status.h"

namespace chanjiao::index {

struct BuildOptions {
  std::string index_root;             // IndexLayout root (created if missing)
  std::vector<std::string> sources;   // JSONL files or folders
  bool strict = false;                // any bad record fails the build
  unsigned threads = 0;               // shard writer threads; 0 = all cores
  std::ostream* log = nullptr;        // errors, warnings, progress (nullptr: std::cerr)
  bool progress_on_terminal = false;  // redraw one progress line instead of printing lines
};

struct BuildStats {
  uint64_t records = 0;     // non-blank lines read
  uint64_t indexed = 0;     // documents in the new index
  uint64_t skipped = 0;     // bad records
  uint64_t duplicates = 0;  // ids seen again (the later record won)
  uint64_t text_bytes = 0;  // bytes of JSON read
  double seconds = 0;
  std::string generation;  // path of the published generation
};

Result<BuildStats> build_index(const BuildOptions& options, const analysis::Analyzer& analyzer);

}  // namespace chanjiao::index
