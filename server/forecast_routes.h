// GET /api/v1/insights/forecast (issue 12): forecasts with 80/95 % intervals
// and the rolling-origin backtest that chose the model.
//   ?series=ID&h=12[&until=PERIOD]   an official series (GET /api/v1/series);
//                                     a year-to-date one as monthly flows, with
//                                     the re-accumulated totals beside them
//   ?q=&skill=&region=&…&h=[&until=YYYY-MM]
//                                     job postings per month matching q and the
//                                     filters, as /insights/demand counts them
// `until` forecasts from the data up to that period only (what a backtest
// from the outside needs). Too short a history answers 200 with
// `insufficient_history: true` and how much there is: never a curve made up
// from a few points. README.md documents the response.
#pragma once

#include "server/auth.h"
#include "server/config.h"
#include "server/router.h"
#include "server/searcher_pool.h"
#include "store/document_store.h"

namespace chanjiao::server {

// `store` may be null (publishing off): series then come from the index.
void install_forecast_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                             store::DocumentStore* store, const Auth& auth);

}  // namespace chanjiao::server
