// The search routes: GET and POST /api/v1/search, /api/v1/suggest and
// /api/v1/analyze (README.md documents them); GET /api/v1/documents/{id} is
// in publish_routes.h.
#pragma once

#include <httplib.h>

#include "server/auth.h"
#include "server/config.h"
#include "server/http_util.h"
#include "server/router.h"
#include "server/searcher_pool.h"
#include "store/query_log.h"

namespace chanjiao::server {

// `query_log`, when set, records each search's first page (query text and
// total). `auth` gives each request its viewer (restricted documents).
void install_search_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                           const Auth& auth, store::QueryLog* query_log = nullptr);

// One search hit as JSON: id, type, title, title_html, snippet_html, score
// and `fields` (the stored document minus id/type/title/body). Shared with
// /api/v1/recommend, whose hits add `reasons`: call it with
// `close_object = false` and end the object yourself.
void write_hit(JsonWriter& w, const search::Hit& hit, bool close_object = true);

// The longest q a GET takes; longer texts go in a POST body (up to
// SearchLimits::kMaxQueryBytes), and the GET's 400 says so.
constexpr size_t kMaxGetQueryBytes = 1024;

// The query and filters of GET /api/v1/search (shared with /api/v1/insights/*).
Result<search::SearchRequest> parse_search_request(const httplib::Request& req);

// The same parameters from POST /api/v1/search's JSON body, e.g.
// {"q": "…", "type": ["job"], "region": "北京", "page": 2}: one value or an
// array where the GET form repeats a parameter; integers as numbers or
// strings. Unknown keys are refused (400 naming the key); q over
// SearchLimits::kMaxQueryBytes is kTooLarge (413).
Result<search::SearchRequest> parse_search_body(std::string_view body);

}  // namespace chanjiao::server
