// IndexLayout: an index directory holding generations and a `current` link.
//
//   ROOT/current            → symlink to generations/gen-000042 (the live index)
//   ROOT/generations/gen-N  → complete Xapian databases
//   ROOT/.lock              → held by the one process writing generations
//
// A rebuild writes a new generation and then renames a fresh symlink over
// `current`, which is atomic: a reader opens either the old or the new index,
// never half of one. A killed build leaves an orphan generation that the next
// build removes; the live index is untouched.
#pragma once

#include <xapian.h>

#include <string>

#include "analyzers/analyzer.h"
#include "core/status.h"

namespace chanjiao::index {

class IndexLayout {
 public:
  explicit IndexLayout(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string current_link() const { return root_ + "/current"; }

  // Absolute path of the live generation; kNotFound when nothing is live.
  Result<std::string> current() const;

  // Creates the directory for the next generation (not yet live).
  Result<std::string> create_generation() const;

  // Makes `generation` live atomically and removes generations other than
  // it and the one it replaces.
  Status publish(const std::string& generation) const;

 private:
  std::string root_;
};

// Exclusive, advisory lock on ROOT/.lock for the life of the object: the
// single-writer rule between indexer runs.
class WriterLock {
 public:
  static Result<std::unique_ptr<WriterLock>> acquire(const std::string& root);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

// What an index says about how it was built.
struct IndexInfo {
  std::string path;
  int analyzer_version = 0;
  std::string analyzer_fingerprint;
  int schema_version = 0;
  std::string built_at;
  Xapian::doccount doc_count = 0;
};

// Opens the live generation under `root` and checks it was built by this
// analyzer and schema: a different version is kFailedPrecondition (rebuild
// needed); a different dictionary fingerprint is reported in `warning`.
Result<IndexInfo> inspect_index(const std::string& root, const analysis::Analyzer& analyzer,
                                std::string* warning);

}  // namespace chanjiao::index
