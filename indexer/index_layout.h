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

#include <memory>
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

// Exclusive advisory locks (flock) for the life of the object; the kernel
// releases them when the process dies, even by kill -9.
//
//  * acquire(): ROOT/.lock, the single-writer rule for the live generation
//    and the `current` link. Held briefly: by the server's live updater for
//    one batch, by `chanjiao-index update` while it writes, by a build or
//    rebuild only for its final catch-up and swap.
//  * acquire_job(): ROOT/.job-lock, held by a `chanjiao-index` job (build,
//    rebuild, update) for its whole run: one job at a time.
//
// `wait_seconds` = 0 fails at once with kUnavailable when the lock is held;
// otherwise it retries until then.
class WriterLock {
 public:
  static Result<std::unique_ptr<WriterLock>> acquire(const std::string& root,
                                                     double wait_seconds = 0);
  static Result<std::unique_ptr<WriterLock>> acquire_job(const std::string& root,
                                                         double wait_seconds = 0);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  static Result<std::unique_ptr<WriterLock>> acquire_file(const std::string& root,
                                                          const std::string& name,
                                                          double wait_seconds,
                                                          const std::string& busy);
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
// needed); a different dictionary fingerprint is reported in `warning`
// (check_dictionaries' message) when `warning` is not null.
Result<IndexInfo> inspect_index(const std::string& root, const analysis::Analyzer& analyzer,
                                std::string* warning);

// kFailedPrecondition when the index was built from other dictionary files
// than `analyzer` was loaded from (a different fingerprint): its documents
// were segmented differently from how queries will be, so words go missing
// silently. The message names both fingerprints; the caller adds how to
// rebuild (it knows which dictionaries it uses).
Status check_dictionaries(const IndexInfo& info, const analysis::Analyzer& analyzer);

}  // namespace chanjiao::index
