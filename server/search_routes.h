// The search routes: GET /api/v1/search, /api/v1/suggest and
// /api/v1/analyze (README.md documents them); GET /api/v1/documents/{id} is
// in publish_routes.h.
#pragma once

#include <httplib.h>

#include "server/auth.h"
#include "server/config.h"
#include "server/http_util.h"
#include "server/query_log.h"
#include "server/searcher_pool.h"

namespace chanjiao::server {

// `query_log`, when set, records each search's first page (query text and
// total). `auth` gives each request its viewer (restricted documents).
void install_search_routes(httplib::Server& http, SearcherPool& pool, const ServerConfig& config,
                           const Auth& auth, QueryLog* query_log = nullptr);

// One search hit as JSON: id, type, title, title_html, snippet_html, score
// and `fields` (the stored document minus id/type/title/body). Shared with
// /api/v1/recommend, whose hits add `reasons`: call it with
// `close_object = false` and end the object yourself.
void write_hit(JsonWriter& w, const search::Hit& hit, bool close_object = true);

// The query and filters of /api/v1/search (shared with /api/v1/insights/*).
Result<search::SearchRequest> parse_search_request(const httplib::Request& req);

}  // namespace chanjiao::server
