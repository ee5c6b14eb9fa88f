// Official statistics (issue 12): statistical series and school employment
// reports, published like every document (POST /api/v1/documents; series with
// gov/admin keys, reports with school/admin keys) and read here:
//   GET /api/v1/series                      every visible series, summarised
//   GET /api/v1/series/{id}[?revision=N]    one series (the store's version
//                                           first), or one kept revision
//   GET /api/v1/series/{id}/revisions       the versions the store kept
//   GET /api/v1/employment/reports?school=&year=&major=&size=
//                                           employment reports for the 就业状况 page
// The lists read the index (a publication shows up within ~0.5 s, like in
// search); they walk the type's posting list, so their cost grows with the
// number of series or reports (tens to thousands), not with the index.
#pragma once

#include <httplib.h>

#include "core/document.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/router.h"
#include "server/searcher_pool.h"
#include "store/document_store.h"

namespace chanjiao::server {

struct SeriesLimits {
  static constexpr int kDefaultReports = 200;
  static constexpr int kMaxReports = 1000;
};

// The series `id` as `viewer` may see it (the store's version first, then the
// index's); kNotFound when there is none or `id` is not a series.
Result<Document> find_series(SearcherPool& pool, store::DocumentStore* store,
                             const search::Viewer& viewer, const std::string& id);

// `store` may be null (publishing off): series then come from the index only
// and have no revisions.
void install_series_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                           store::DocumentStore* store, const Auth& auth);

}  // namespace chanjiao::server
