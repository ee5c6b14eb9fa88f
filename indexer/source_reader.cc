#include "indexer/source_reader.h"

#include <algorithm>
#include <filesystem>

namespace chanjiao::index {
namespace fs = std::filesystem;

Result<SourceReader> SourceReader::open(const std::vector<std::string>& paths) {
  SourceReader reader;
  std::error_code ec;
  for (const std::string& path : paths) {
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".jsonl")
          found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      reader.files_.insert(reader.files_.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      reader.files_.push_back(path);
    } else {
      return Status::not_found("source not found: " + path);
    }
  }
  for (const std::string& f : reader.files_) reader.total_bytes_ += fs::file_size(f, ec);
  return reader;
}

std::optional<SourceRecord> SourceReader::next() {
  std::string line;
  while (true) {
    if (!in_.is_open()) {
      if (file_index_ >= files_.size()) return std::nullopt;
      in_.open(files_[file_index_], std::ios::binary);
      line_ = 0;
      if (!in_) {
        ++file_index_;
        in_ = std::ifstream();
        continue;
      }
    }
    if (!std::getline(in_, line)) {
      in_.close();
      in_ = std::ifstream();
      ++file_index_;
      continue;
    }
    ++line_;
    bytes_read_ += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    SourceRecord record{files_[file_index_], line_, std::string(), false};
    if (line.size() > kMaxLineBytes) {
      record.too_long = true;
    } else {
      record.text = std::move(line);
    }
    return record;
  }
}

}  // namespace chanjiao::index
