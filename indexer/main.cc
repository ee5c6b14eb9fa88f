// chanjiao-index: builds the search index from JSON Lines documents.
//
//   chanjiao-index build --out DIR [--strict] [--threads N] SOURCES...
//   chanjiao-index info  --out DIR
//
// SOURCES are .jsonl files or folders (searched recursively for *.jsonl).
// The new index is built beside the live one and swapped in atomically.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "indexer/index_builder.h"
#include "indexer/index_layout.h"

namespace {

int usage() {
  std::cerr << "usage: chanjiao-index build --out DIR [--strict] [--threads N] "
               "[--data-dir DIR] SOURCES...\n"
               "       chanjiao-index info --out DIR\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string command = argv[1];
  chanjiao::index::BuildOptions options;
  chanjiao::analysis::AnalyzerOptions analyzer_options;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) {
      options.index_root = argv[++i];
    } else if (arg == "--strict") {
      options.strict = true;
    } else if (arg == "--threads" && i + 1 < argc) {
      options.threads = static_cast<unsigned>(std::stoul(argv[++i]));
    } else if (arg == "--data-dir" && i + 1 < argc) {
      analyzer_options.data_dir = argv[++i];
    } else if (!arg.empty() && arg[0] == '-') {
      return usage();
    } else {
      options.sources.push_back(arg);
    }
  }
  if (options.index_root.empty()) return usage();
  auto analyzer = chanjiao::analysis::Analyzer::load(analyzer_options);
  if (!analyzer.is_ok()) {
    std::cerr << "chanjiao-index: " << analyzer.status().message() << '\n';
    return 1;
  }
  if (command == "info") {
    std::string warning;
    auto info = chanjiao::index::inspect_index(options.index_root, *analyzer.value(), &warning);
    if (!info.is_ok()) {
      std::cerr << "chanjiao-index: " << info.status().message() << '\n';
      return 1;
    }
    std::cout << "path: " << info->path << "\ndocuments: " << info->doc_count << "\nanalyzer: v"
              << info->analyzer_version << " (" << info->analyzer_fingerprint << ")\nschema: v"
              << info->schema_version << "\nbuilt: " << info->built_at << '\n';
    if (!warning.empty()) std::cerr << "warning: " << warning << '\n';
    return 0;
  }
  if (command != "build" || options.sources.empty()) return usage();
  options.progress_on_terminal = ::isatty(STDERR_FILENO);
  auto stats = chanjiao::index::build_index(options, *analyzer.value());
  if (!stats.is_ok()) {
    std::cerr << "chanjiao-index: " << stats.status().message() << '\n';
    return 1;
  }
  std::cerr << "chanjiao-index: " << stats->indexed << " documents indexed, " << stats->skipped
            << " records skipped, " << stats->duplicates << " duplicate ids, " << stats->records
            << " records read in " << stats->seconds << "s\n"
            << "live index: " << stats->generation << '\n';
  return 0;
}
