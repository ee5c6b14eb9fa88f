// The insights routes (README.md documents the parameters):
//   GET /api/v1/insights/demand   what job postings matching q + filters ask for
//   GET /api/v1/insights/gap      demand vs teaching supply per skill and major
//   GET /api/v1/insights/queries  search analytics from the query log (gov and admin keys)
#pragma once

#include <httplib.h>

#include "search/insights.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/router.h"
#include "server/searcher_pool.h"
#include "store/query_log.h"

namespace chanjiao::server {

// q and filters exactly as /api/v1/search reads them, plus `limit`, over the
// documents `viewer` may see (as search counts them).
Result<search::InsightsRequest> parse_insights_request(const httplib::Request& req,
                                                       const search::Viewer& viewer);

// `query_log` may be null (logging off): /queries then answers 503.
void install_insights_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                             const Auth& auth, store::QueryLog* query_log);

}  // namespace chanjiao::server
