// chanjiao-index: builds and maintains the search index.
//
//   chanjiao-index build   --index DIR [--store PATH|--no-store] [--strict] [--threads N]
//                          [--wait SECONDS] SOURCES...
//   chanjiao-index rebuild (the same as build)
//   chanjiao-index update  --index DIR [--store PATH|--no-store] [--wait SECONDS] [SOURCES...]
//   chanjiao-index info    --index DIR
//
// SOURCES are .jsonl files or folders (searched recursively for *.jsonl).
// build/rebuild write a fresh compacted generation beside the live one (from
// the sources and the document store) and swap it in atomically; update
// applies what changed since the last run to the live generation in place.
// The store defaults to DIR/store.db when that file exists. One job runs at
// a time: a second one exits with status 75 and a message, or with --wait
// SECONDS waits that long for the first. `--out` is an alias of `--index`.
// The analyzer's data: --data-dir DIR (DIR/dict and DIR/jieba_hmm.tsv; default:
// the binary's own data directory, core/data_dir.h), --dict-dir DIR (only the
// dictionaries), or CHANJIAO_DATA_DIR / CHANJIAO_DICT_DIR as chanjiao-server
// reads them. The server must use the same ones (its `data_dir` and `dict_dir`
// settings), or it refuses the index.
#include <sysexits.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "core/data_dir.h"
#include "indexer/index_builder.h"
#include "indexer/index_layout.h"
#include "indexer/index_update.h"
#include "store/document_store.h"

namespace {

int usage() {
  std::cerr
      << "usage: chanjiao-index build|rebuild --index DIR [--store PATH|--no-store] "
         "[--strict] [--threads N] [--wait SECONDS] [--data-dir DIR] [--dict-dir DIR] SOURCES...\n"
         "       chanjiao-index update --index DIR [--store PATH|--no-store] "
         "[--wait SECONDS] [SOURCES...]\n"
         "       chanjiao-index info --index DIR\n";
  return 2;
}

int fail(const chanjiao::Status& s) {
  std::cerr << "chanjiao-index: " << s.message() << '\n';
  return s.code() == chanjiao::StatusCode::kUnavailable ? EX_TEMPFAIL : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string command = argv[1];
  chanjiao::index::BuildOptions options;
  std::string store_path;
  bool no_store = false;
  // The analyzer's data, read from the environment chanjiao-server reads
  // (deploy/chanjiao.env) so that both use the same dictionaries; flags win.
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v == nullptr ? "" : v);
  };
  std::string data_dir = env("CHANJIAO_DATA_DIR"), dict_dir = env("CHANJIAO_DICT_DIR");
  double wait_seconds = 0;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    try {
      if ((arg == "--out" || arg == "--index") && i + 1 < argc) {
        options.index_root = argv[++i];
      } else if (arg == "--store" && i + 1 < argc) {
        store_path = argv[++i];
      } else if (arg == "--no-store") {
        no_store = true;
      } else if (arg == "--wait" && i + 1 < argc) {
        wait_seconds = std::stod(argv[++i]);
      } else if (arg == "--strict") {
        options.strict = true;
      } else if (arg == "--threads" && i + 1 < argc) {
        options.threads = static_cast<unsigned>(std::stoul(argv[++i]));
      } else if (arg == "--data-dir" && i + 1 < argc) {
        data_dir = argv[++i];
      } else if (arg == "--dict-dir" && i + 1 < argc) {
        dict_dir = argv[++i];
      } else if (!arg.empty() && arg[0] == '-') {
        return usage();
      } else {
        options.sources.push_back(arg);
      }
    } catch (const std::exception&) {
      return usage();
    }
  }
  if (options.index_root.empty()) return usage();
  if (data_dir.empty()) data_dir = chanjiao::default_data_dir();
  auto analyzer_options = chanjiao::analysis::AnalyzerOptions::in_data_dir(data_dir);
  if (size_t at = dict_dir.find("{data_dir}"); at != std::string::npos)
    dict_dir.replace(at, std::string_view("{data_dir}").size(), data_dir);
  if (!dict_dir.empty()) analyzer_options.dict_dir = dict_dir;
  auto analyzer = chanjiao::analysis::Analyzer::load(analyzer_options);
  if (!analyzer.is_ok()) return fail(analyzer.status());
  if (command == "info") {
    std::string warning;
    auto info = chanjiao::index::inspect_index(options.index_root, *analyzer.value(), &warning);
    if (!info.is_ok()) return fail(info.status());
    std::cout << "path: " << info->path << "\ndocuments: " << info->doc_count << "\nanalyzer: v"
              << info->analyzer_version << " (" << info->analyzer_fingerprint << ")\nschema: v"
              << info->schema_version << "\nbuilt: " << info->built_at << '\n';
    if (!warning.empty()) std::cerr << "warning: " << warning << '\n';
    return 0;
  }

  if (store_path.empty() && !no_store) {
    std::string beside = options.index_root + "/store.db";
    if (std::filesystem::exists(beside)) store_path = beside;
  }
  std::unique_ptr<chanjiao::store::DocumentStore> store;
  if (!store_path.empty() && !no_store) {
    auto opened = chanjiao::store::DocumentStore::open(store_path);
    if (!opened.is_ok()) return fail(opened.status());
    store = std::move(opened.value());
  }

  if (command == "update") {
    chanjiao::index::UpdateOptions update;
    update.index_root = options.index_root;
    update.sources = options.sources;
    update.store = store.get();
    update.job_wait_seconds = wait_seconds;
    auto stats = chanjiao::index::update_index(update, *analyzer.value());
    if (!stats.is_ok()) return fail(stats.status());
    std::cerr << "chanjiao-index: corpus " << stats->added << " added, " << stats->changed
              << " changed, " << stats->removed << " removed, " << stats->skipped
              << " records skipped; store " << stats->store_replaced << " published, "
              << stats->store_deleted << " deleted (seq " << stats->store_seq << ") in "
              << stats->seconds << "s\nlive index: " << stats->generation << '\n';
    return 0;
  }
  if ((command != "build" && command != "rebuild") || (options.sources.empty() && !store))
    return usage();
  options.progress_on_terminal = ::isatty(STDERR_FILENO);
  options.store = store.get();
  options.job_wait_seconds = wait_seconds;
  auto stats = chanjiao::index::build_index(options, *analyzer.value());
  if (!stats.is_ok()) return fail(stats.status());
  std::cerr << "chanjiao-index: " << stats->indexed << " documents indexed ("
            << stats->store_documents << " from the store, seq " << stats->store_seq << "), "
            << stats->skipped << " records skipped, " << stats->duplicates << " duplicate ids, "
            << stats->records << " records read in " << stats->seconds << "s\n"
            << "live index: " << stats->generation << '\n';
  return 0;
}
