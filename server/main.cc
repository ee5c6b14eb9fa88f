// chanjiao-server: serves search over an index built by chanjiao-index.
//
//   chanjiao-server --index DIR [--port 8080] [--bind 127.0.0.1] [--threads 8]
//                   [--web DIR] [--config FILE] [--query-log FILE|off]
//                   [--store PATH|off]
//
// With a document store (default <index>/store.db) the server accepts
// publications and keeps the live index in step with the store (LiveUpdater),
// catching up at start with whatever the index has not applied yet.
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
}  // namespace

int main(int argc, char** argv) {
  auto config = chanjiao::server::load_config(argc, argv);
  if (!config.is_ok()) {
    std::cerr << "chanjiao-server: " << config.status().message() << '\n';
    return 2;
  }
  auto analyzer = chanjiao::analysis::Analyzer::load();
  if (!analyzer.is_ok()) {
    std::cerr << "chanjiao-server: " << analyzer.status().message() << '\n';
    return 1;
  }
  std::string warning;
  auto info = chanjiao::index::inspect_index(config->index, *analyzer.value(), &warning);
  if (!info.is_ok()) {
    std::cerr << "chanjiao-server: " << info.status().message() << '\n';
    return 1;
  }
  if (!warning.empty()) std::cerr << "warning: " << warning << '\n';
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
