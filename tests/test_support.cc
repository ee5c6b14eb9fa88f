#include "tests/test_support.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <random>

namespace chanjiao::testing {

const analysis::Analyzer& analyzer() {
  static std::shared_ptr<const analysis::Analyzer> instance = [] {
    auto loaded =
        analysis::Analyzer::load(analysis::AnalyzerOptions::in_data_dir(CHANJIAO_BUILD_DATA_DIR));
    if (!loaded.is_ok()) {
      std::cerr << "cannot load analyzer: " << loaded.status().message() << '\n';
      std::abort();
    }
    return loaded.value();
  }();
  return *instance;
}

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("chanjiao-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  std::filesystem::path p = path_ / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::string source_dir() {
  return CHANJIAO_SOURCE_DIR;
}

}  // namespace chanjiao::testing
