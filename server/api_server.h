// ApiServer: the HTTP front of Chanjiao (cpp-httplib). Routes:
//   GET|POST /api/v1/search   search with filters, facets, highlights (POST: long texts)
//   GET /api/v1/openapi.json  this API's OpenAPI 3 description (server/openapi.json)
//   GET /api/v1/suggest       autocomplete (Chinese and pinyin prefixes)
//   GET /api/v1/documents/ID  a stored document
//   POST/PUT/DELETE /api/v1/documents[/ID]  publishing (publish_routes.h)
//   GET /api/v1/analyze       what the analyzer makes of a text
//   GET /api/v1/insights/...  demand, gap and query analytics (insights_routes.h)
//   GET /healthz, /metrics    liveness and Prometheus metrics
//   GET /                     the web UI (static files)
// Every error is `{"error": {"code": ..., "message": ...}}` with a 4xx/5xx.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

#include "indexer/live_updater.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/searcher_pool.h"
#include "store/document_store.h"
#include "store/query_log.h"

namespace chanjiao::server {

class ApiServer {
 public:
  // `store` and `updater` may be null together: no publishing API.
  ApiServer(const ServerConfig& config, SearcherPool& pool, store::DocumentStore* store = nullptr,
            index::LiveUpdater* updater = nullptr);

  // Binds (port 0 picks a free port); returns the bound port.
  Result<int> bind();
  // Serves until stop(); call after bind().
  void serve();
  void stop() { http_.stop(); }

  // Every route the server registered (method, OpenAPI path).
  const std::vector<Route>& routes() const { return router_.routes(); }

 private:
  void install_routes();

  const ServerConfig& config_;
  SearcherPool& pool_;
  store::DocumentStore* store_;
  index::LiveUpdater* updater_;
  Auth auth_;
  Metrics metrics_;
  std::unique_ptr<store::QueryLog> query_log_;  // null when off or unavailable; outlives http_
  httplib::Server http_;
  Router router_{http_};
  std::string openapi_;  // server/openapi.json
};

}  // namespace chanjiao::server
