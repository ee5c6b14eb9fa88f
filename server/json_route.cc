#include "server/json_route.h"

#include <xapian.h>

#include <iostream>

namespace chanjiao::server {
namespace {

// One attempt: the key, the index, the body, the response.
void answer(SearcherPool& pool, const Auth& auth, const ServerConfig& config, const JsonBody& body,
            UsesIndex uses_index, const httplib::Request& req, httplib::Response& res) {
  JsonContext ctx{req, {}, nullptr, Clock::now(), {}};
  auto viewer = auth.viewer(req);
  if (!viewer.is_ok()) return send_status(res, viewer.status());
  ctx.viewer = std::move(viewer).value();
  if (uses_index == UsesIndex::kYes) {
    auto searcher = pool.acquire();
    if (!searcher.is_ok()) return send_status(res, searcher.status());
    ctx.searcher = searcher.value();
  }
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Status status;
  try {
    status = body(ctx, w);
  } catch (const Xapian::QueryParserError& e) {
    status = Status::invalid_argument("q: " + e.get_msg());
  }
  if (!status.is_ok()) return send_status(res, status);
  double took = elapsed_ms(ctx.start);
  w.Key("took_ms");
  w.Double(took);
  w.EndObject();
  send_json(res, buffer);
  if (took > config.slow_query_ms)
    std::cerr << "slow-request: " << took << " ms " << req.method << ' ' << req.path << ' '
              << ctx.log_detail.substr(0, 200) << '\n';
}

}  // namespace

httplib::Server::Handler json_route(SearcherPool& pool, const Auth& auth,
                                    const ServerConfig& config, JsonBody body,
                                    UsesIndex uses_index) {
  return retry_on_modified(pool, [&pool, &auth, &config, body = std::move(body), uses_index](
                                     const httplib::Request& req, httplib::Response& res) {
    answer(pool, auth, config, body, uses_index, req, res);
  });
}

}  // namespace chanjiao::server
