// ServerConfig: every setting of chanjiao-server, with its default.
// Loaded once (defaults < config file < environment < flags), validated, and
// passed by const reference.
#pragma once

#include <string>

#include "core/status.h"
#include "search/long_query.h"

namespace chanjiao::server {

struct ServerConfig {
  std::string index;                       // IndexLayout root (required)
  std::string web_dir = CHANJIAO_WEB_DIR;  // static UI served at /
  std::string bind = "127.0.0.1";          // CHANJIAO_BIND
  int port = 8080;                         // CHANJIAO_PORT; 0 picks a free port
  int threads = 8;                         // CHANJIAO_THREADS: HTTP worker threads
  size_t max_request_bytes = 1 << 20;      // larger request bodies get 413
  int read_timeout_seconds = 5;
  int keep_alive_requests = 100;  // per connection
  int keep_alive_seconds = 5;
  int slow_query_ms = 200;  // slower searches are logged
  // Queries with more content words than this are searched as text, not as
  // query syntax (search/long_query.h; the value is measured in bench/longtext).
  int long_query_words = static_cast<int>(search::LongQueryLimits::kMinWords);
  bool access_log = true;
  // --list-routes: print every registered route (METHOD PATH) and exit; the
  // OpenAPI description is checked against it.
  bool list_routes = false;
  // Search analytics log (SQLite): empty = <index>/query-log.sqlite, "off" = none.
  std::string query_log;
  // Document store (SQLite) for publishing: empty = <index>/store.db, "off" =
  // no publishing API (CHANJIAO_STORE).
  std::string store;
  // Documents a second one API key may publish (POST/PUT/DELETE), in bursts of
  // 100 s worth; over it a 429 with Retry-After. 0 = unlimited (SECURITY.md).
  int publish_rate = 100;
};

// argv flags: --index --port --bind --threads --web --config FILE --slow-query-ms
// --no-access-log --list-routes --store --long-query-words --publish-rate. The config file holds
// `key = value` lines with the same names (index, port, bind, threads, web, slow_query_ms,
// query_log, store, long_query_words, publish_rate).
Result<ServerConfig> load_config(int argc, char** argv);

}  // namespace chanjiao::server
