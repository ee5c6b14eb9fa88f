// The search routes: GET /api/v1/search, /api/v1/suggest,
// /api/v1/documents/{id} and /api/v1/analyze (README.md documents them).
#pragma once

#include <httplib.h>

#include "server/config.h"
#include "server/searcher_pool.h"

namespace chanjiao::server {

void install_search_routes(httplib::Server& http, SearcherPool& pool, const ServerConfig& config);

}  // namespace chanjiao::server
