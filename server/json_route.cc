#include "server/json_route.h"

#include <xapian.h>

#include <iostream>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "search/sharding.h"

namespace chanjiao::server {
namespace {

// A remote shard failed (down, or no reply within search::kRemoteTimeoutSeconds;
// issue 16): a 503 naming the shards that do not answer now, never a partial
// result. The thread's connections are dropped; the next request reopens.
Status shard_failure(SearcherPool& pool, const Xapian::NetworkError& e) {
  pool.reset_thread();
  std::vector<std::string> down = pool.unreachable_shards();
  std::string names;
  for (const std::string& endpoint : down) names += (names.empty() ? "" : ", ") + endpoint;
  std::cerr << "shard failure: " << e.get_description() << (names.empty() ? "" : " (down: ")
            << names << (names.empty() ? "" : ")") << '\n';
  if (names.empty())
    return Status::unavailable("a remote shard failed: " + e.get_description() +
                               (e.get_context().empty() ? "" : " at " + e.get_context()));
  return Status::unavailable("remote shard" + std::string(down.size() > 1 ? "s " : " ") + names +
                             " did not answer within " +
                             std::to_string(static_cast<int>(search::kRemoteTimeoutSeconds)) +
                             " s: " + e.get_msg());
}

// One attempt: the key, the index, the body, the response.
void answer(SearcherPool& pool, const Auth& auth, const ServerConfig& config, const JsonBody& body,
            UsesIndex uses_index, const httplib::Request& req, httplib::Response& res,
            bool reconnected = false) {
  // A connection to a remote shard that was restarted fails once with a
  // NetworkError that is not a timeout: reconnect and answer again, once.
  auto stale = [&](const Xapian::NetworkError&) {
    if (reconnected) return false;
    pool.reset_thread();
    answer(pool, auth, config, body, uses_index, req, res, true);
    return true;
  };
  JsonContext ctx{req, {}, nullptr, Clock::now(), {}};
  auto viewer = auth.viewer(req);
  if (!viewer.is_ok()) return send_status(res, viewer.status());
  ctx.viewer = std::move(viewer).value();
  if (uses_index == UsesIndex::kYes) {
    Result<search::Searcher*> searcher = Status::internal("");
    try {
      searcher = pool.acquire();
    } catch (const Xapian::NetworkTimeoutError& e) {
      return send_status(res, shard_failure(pool, e));
    } catch (const Xapian::NetworkError& e) {
      if (stale(e)) return;
      return send_status(res, shard_failure(pool, e));
    }
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
  } catch (const Xapian::NetworkTimeoutError& e) {
    status = shard_failure(pool, e);
  } catch (const Xapian::NetworkError& e) {
    if (stale(e)) return;
    status = shard_failure(pool, e);
  } catch (const Xapian::UnimplementedError& e) {
    // What the remote backend cannot do (insights over remote shards).
    status = Status::failed_precondition("not available on this index: " + e.get_msg());
  }
  if (!status.is_ok()) return send_status(res, status);
  double took = elapsed_ms(ctx.start);
  w.Key("took_ms");
  w.Double(took);
  w.EndObject();
  send_json(res, buffer);
  if (took > config.slow_query_ms)
    std::cerr << "slow-request: " << took << " ms " << req.method << ' ' << req.path << ' '
              << utf8_prefix(ctx.log_detail, 200) << '\n';
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
