// SourceReader: reads JSON Lines records from files and folders, in a stable
// order (arguments in order, folder contents sorted, `*.jsonl` only), with the
// file and line of every record so errors can point at it.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace chanjiao::index {

struct SourceRecord {
  std::string file;
  size_t line = 0;
  std::string text;
  bool too_long = false;  // the line exceeded kMaxLineBytes; `text` is empty
};

class SourceReader {
 public:
  static constexpr size_t kMaxLineBytes = 4 << 20;

  // Expands folders; kNotFound names the first path that does not exist.
  static Result<SourceReader> open(const std::vector<std::string>& paths);

  // The next non-blank line, or nullopt at the end of the last file.
  std::optional<SourceRecord> next();

  uint64_t total_bytes() const { return total_bytes_; }
  uint64_t bytes_read() const { return bytes_read_; }
  const std::vector<std::string>& files() const { return files_; }

 private:
  std::vector<std::string> files_;
  size_t file_index_ = 0;
  std::ifstream in_;
  size_t line_ = 0;
  uint64_t total_bytes_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace chanjiao::index
