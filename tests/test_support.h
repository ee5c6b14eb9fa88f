// Helpers shared by the doctest suites: one Analyzer per test binary (loading
// the dictionaries takes about a second) and hermetic temporary directories.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "analyzers/analyzer.h"

namespace chanjiao::testing {

// The analyzer over the repository's real dictionaries; aborts the test
// binary with a message when they cannot be loaded.
const analysis::Analyzer& analyzer();

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Writes `content` to `name` inside the directory and returns its path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Root of the source tree (for corpus/sample and golden files).
std::string source_dir();

}  // namespace chanjiao::testing
