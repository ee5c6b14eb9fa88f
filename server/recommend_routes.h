// The recommendation routes (README.md documents them):
//   GET  /api/v1/recommend?id=DOC&type=...&size=N   more like a document
//   POST /api/v1/recommend  {profile JSON}          for a student profile
// Responses have the search response's shape (`hits`, `total`, `took_ms`);
// every hit adds `reasons`. Restricted documents only for their
// organisation's key and admin keys (`auth`).
#pragma once

#include <httplib.h>

#include "server/auth.h"
#include "server/config.h"
#include "server/router.h"
#include "server/searcher_pool.h"

namespace chanjiao::server {

void install_recommend_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                              const Auth& auth);

}  // namespace chanjiao::server
