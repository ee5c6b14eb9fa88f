// The one adapter of the JSON read routes: what every such handler did by
// hand (start a clock, resolve the caller's key, take this thread's searcher,
// map errors, write `took_ms`, send) is done here once, so a route is only
// what is particular to it: parse its parameters, ask the searcher, write
// its members.
//
// Order: the key first (a bad key is a 401 whatever else is wrong), then the
// index (503 when there is none), then the route's body. Errors:
//   - a Status the body returns → its HTTP status (http_status), JSON error;
//   - Xapian::QueryParserError → 400 naming `q`;
//   - Xapian::DatabaseModifiedError → this thread's searcher is reopened and
//     the request runs again (retry_on_modified);
//   - any other exception → the server's exception handler: 500 and one log
//     line naming the route (api_server.cc).
// Requests slower than ServerConfig::slow_query_ms are logged with the
// route and what the body put in JsonContext::log_detail.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>

#include "search/searcher.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/http_util.h"
#include "server/searcher_pool.h"

namespace chanjiao::server {

struct JsonContext {
  const httplib::Request& req;
  search::Viewer viewer;                 // whose documents may be seen (search/visibility.h)
  search::Searcher* searcher = nullptr;  // this thread's, over the live index; null without
  Clock::time_point start;
  std::string log_detail;  // e.g. "q=…", for the slow-request log
};

// Writes the members of the response object (the adapter opens and closes
// it and adds `took_ms`); a non-ok Status answers instead, and whatever was
// written is dropped.
using JsonBody = std::function<Status(JsonContext&, JsonWriter&)>;

enum class UsesIndex { kYes, kNo };

httplib::Server::Handler json_route(SearcherPool& pool, const Auth& auth,
                                    const ServerConfig& config, JsonBody body,
                                    UsesIndex uses_index = UsesIndex::kYes);

}  // namespace chanjiao::server
