// chanjiao-server: serves search over an index built by chanjiao-index.
//
//   chanjiao-server --index DIR [--config FILE] [--KEY VALUE]...
//
// `chanjiao-server --help` lists every setting (server/config.h). With a
// document store (default <index>/store.db) the server accepts publications
// and keeps the live index in step with the store (LiveUpdater), catching up
// at start with whatever the index has not applied yet.
//
// Exit status: 0 after a clean stop, 2 for a bad configuration, 1 when the
// index, the analyzer's data or the port cannot be used (among them an index
// built with other dictionaries, unless --allow-analyzer-mismatch).
#include <csignal>
#include <iostream>

#include "indexer/index_layout.h"
#include "indexer/live_updater.h"
#include "server/api_server.h"
#include "server/config.h"
#include "server/searcher_pool.h"
#include "store/document_store.h"

namespace {
chanjiao::server::ApiServer* g_server = nullptr;
void handle_signal(int) {
  if (g_server != nullptr) g_server->stop();
}

// Why the server refuses an index built with other dictionaries, and the two
// ways out.
std::string mismatch_advice(const chanjiao::server::ServerConfig& config) {
  return "\nRebuild the index with the dictionaries this server loads:\n"
         "  chanjiao-index rebuild --index " +
         config.index + " --data-dir " + config.data_dir + " --dict-dir " + config.dict_dir +
         " SOURCES...\n"
         "or start the server with the dictionaries the index was built with (--dict-dir, "
         "--data-dir,\n--jieba-dict, --hmm-model), or pass --allow-analyzer-mismatch to serve "
         "it anyway\n(queries are then analysed differently from the documents and miss some).";
}
}  // namespace

int main(int argc, char** argv) {
  if (chanjiao::server::help_requested(argc, argv)) {
    std::cout << chanjiao::server::config_help();
    return 0;
  }
  auto config = chanjiao::server::load_config(argc, argv);
  if (!config.is_ok()) {
    std::cerr << "chanjiao-server: " << config.status().message() << '\n';
    return 2;
  }
  auto analyzer = chanjiao::analysis::Analyzer::load(config->analyzer_options());
  if (!analyzer.is_ok()) {
    std::cerr << "chanjiao-server: " << analyzer.status().message() << '\n';
    return 1;
  }
  auto info = chanjiao::index::inspect_index(config->index, *analyzer.value(), nullptr);
  if (!info.is_ok()) {
    std::cerr << "chanjiao-server: " << info.status().message() << '\n';
    return 1;
  }
  if (auto same = chanjiao::index::check_dictionaries(info.value(), *analyzer.value());
      !same.is_ok()) {
    if (!config->allow_analyzer_mismatch) {
      std::cerr << "chanjiao-server: " << same.message() << '.' << mismatch_advice(config.value())
                << '\n';
      return 1;
    }
    std::cerr << "warning: " << same.message() << " (serving it: --allow-analyzer-mismatch)\n";
  }
  chanjiao::server::SearcherPool pool(analyzer.value(), config->index,
                                      static_cast<size_t>(config->long_query_words));
  // Not fatal: the first search loads what this could not.
  if (auto warmed = pool.warm_up(); !warmed.is_ok())
    std::cerr << "warning: " << warmed.message() << '\n';
  std::unique_ptr<chanjiao::store::DocumentStore> store;
  std::unique_ptr<chanjiao::index::LiveUpdater> updater;
  if (config->store != "off") {
    auto opened = chanjiao::store::DocumentStore::open(config->store);
    if (!opened.is_ok()) {
      std::cerr << "chanjiao-server: " << opened.status().message() << '\n';
      return 1;
    }
    store = std::move(opened.value());
    updater =
        std::make_unique<chanjiao::index::LiveUpdater>(config->index, *store, *analyzer.value());
    updater->start();
  }
  chanjiao::server::ApiServer server(config.value(), pool, store.get(), updater.get());
  if (config->list_routes) {
    for (const auto& route : server.routes())
      std::cout << route.method << ' ' << route.path << '\n';
    return 0;
  }
  auto port = server.bind();
  if (!port.is_ok()) {
    std::cerr << "chanjiao-server: " << port.status().message() << '\n';
    return 1;
  }
  g_server = &server;
  std::signal(SIGINT, handle_signal);
  std::signal(SIGTERM, handle_signal);
  std::cout << "listening on http://" << config->bind << ':' << port.value() << " ("
            << info->doc_count << " documents)" << std::endl;
  server.serve();
  return 0;
}
