#include "server/api_server.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include "indexer/store_sync.h"
#include "server/forecast_routes.h"
#include "server/http_util.h"
#include "server/insights_routes.h"
#include "server/publish_routes.h"
#include "server/recommend_routes.h"
#include "server/search_routes.h"
#include "server/series_routes.h"

namespace chanjiao::server {
namespace {

std::string route_of(const httplib::Request& req) {
  const std::string& p = req.path;
  if (p.rfind("/api/v1/documents/", 0) == 0) return "/api/v1/documents/{id}";
  if (p.rfind("/api/v1/series/", 0) == 0)
    return p.ends_with("/revisions") ? "/api/v1/series/{id}/revisions" : "/api/v1/series/{id}";
  if (p.rfind("/api/", 0) == 0 || p == "/healthz" || p == "/metrics") return p;
  return "static";
}

httplib::Headers security_headers() {
  // The pages load only our own scripts and styles (no inline code, so no
  // 'unsafe-inline'); the same policy as their <meta> tags, sent as a header
  // so it also covers frame-ancestors, which a <meta> cannot set. No CORS
  // header: the API is same-origin for browsers (SECURITY.md).
  return {
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
}

// Runs before cpp-httplib reads a body. 0.11 applies payload_max_length only
// to a body sent with Content-Length: it reads a chunked body of any size into
// memory, and inflates a gzip or brotli body without a limit (measured: 200 KB
// of gzip became 200 MB of server memory). No client of this API needs either
// (browsers and HTTP libraries send a length; nginx in front, deploy/, turns
// a chunked upload into one with a length), so both are refused unread: true
// when `res` holds the refusal. cpp-httplib keeps the connection open (only a
// request's own `Connection: close` closes it), so what the client sends after
// is read as its next request: an error, and the connection closes; the
// client's own connection only, as with pipelining.
bool refuse_unbounded_body(const httplib::Request& req, httplib::Response& res) {
  if (req.has_header("Transfer-Encoding")) {
    send_error(res, 411, "send the body with a Content-Length, not Transfer-Encoding");
  } else if (std::string enc = req.get_header_value("Content-Encoding");
             !enc.empty() && enc != "identity") {
    send_error(res, 415,
               "Content-Encoding " + enc + ": request bodies are not accepted compressed");
  } else {
    return false;
  }
  return true;
}

}  // namespace

ApiServer::ApiServer(const ServerConfig& config, SearcherPool& pool, store::DocumentStore* store,
                     index::LiveUpdater* updater)
    : config_(config), pool_(pool), store_(store), updater_(updater), auth_(store) {
  if (config_.query_log != "off" && !config_.query_log.empty()) {
    const analysis::Analyzer& analyzer = pool_.analyzer();
    auto log = store::QueryLog::open(
        config_.query_log, [&analyzer](std::string_view q) { return analyzer.normalize(q); });
    if (log.is_ok())
      query_log_ = std::move(log.value());
    else
      std::cerr << "warning: " << log.status().message() << " (search analytics off)\n";
  }
  std::ifstream openapi(config_.openapi_file, std::ios::binary);
  openapi_.assign(std::istreambuf_iterator<char>(openapi), std::istreambuf_iterator<char>());
  if (openapi_.empty()) std::cerr << "warning: cannot read " << config_.openapi_file << '\n';
  install_routes();
}

void ApiServer::install_routes() {
  const int threads = config_.threads;
  http_.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  http_.set_tcp_nodelay(true);  // otherwise every small response waits ~40 ms
  http_.set_default_headers(security_headers());
  http_.set_keep_alive_max_count(static_cast<size_t>(config_.keep_alive_requests));
  http_.set_keep_alive_timeout(config_.keep_alive_seconds);
  http_.set_read_timeout(config_.read_timeout_seconds, 0);
  http_.set_payload_max_length(static_cast<size_t>(config_.max_request_bytes));

  http_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(ep);
        } catch (const Xapian::Error& e) {
          what = e.get_description();
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        std::cerr << "error: " << req.method << ' ' << req.path << ": " << what << '\n';
        send_error(res, 500, "internal error");
      });
  http_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      send_error(res, res.status, res.status == 404 ? "no such resource" : "request failed");
    }
  });
  // The logger runs on the thread that handled the request, after the
  // response is written: a thread-local start time gives its latency.
  static thread_local Clock::time_point request_start;
  http_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    request_start = Clock::now();
    return refuse_unbounded_body(req, res) ? httplib::Server::HandlerResponse::Handled
                                           : httplib::Server::HandlerResponse::Unhandled;
  });
  http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    double seconds = std::chrono::duration<double>(Clock::now() - request_start).count();
    metrics_.record(route_of(req), res.status, seconds);
    if (config_.access_log)
      std::cerr << "access: " << req.method << ' ' << req.path << ' ' << res.status << ' '
                << res.body.size() << ' ' << seconds * 1000 << "ms\n";
  });

  router_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    auto searcher = pool_.acquire();
    if (!searcher.is_ok()) return send_status(res, searcher.status());
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("status");
    w.String("ok");
    w.Key("documents");
    w.Uint(searcher.value()->database().get_doccount());
    w.Key("generation");
    write_string(w, pool_.live_generation());
    if (store_ != nullptr) {
      // Publishing lag: the store's latest change and the one the index reflects.
      if (auto seq = store_->last_seq(); seq.is_ok()) {
        w.Key("store_seq");
        w.Uint64(seq.value());
      }
      w.Key("index_store_seq");
      w.Uint64(index::applied_store_seq(searcher.value()->database()));
    }
    w.EndObject();
    send_json(res, buffer);
  });

  router_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    std::map<std::string, double> gauges;
    if (auto searcher = pool_.acquire(); searcher.is_ok()) {
      gauges["chanjiao_index_documents"] = searcher.value()->database().get_doccount();
      // Publishing lag = chanjiao_store_seq - chanjiao_index_store_seq (changes not yet
      // searchable).
      gauges["chanjiao_index_store_seq"] =
          static_cast<double>(index::applied_store_seq(searcher.value()->database()));
    }
    if (store_ != nullptr)
      if (auto seq = store_->last_seq(); seq.is_ok())
        gauges["chanjiao_store_seq"] = static_cast<double>(seq.value());
    std::string generation = pool_.live_generation();
    size_t dash = generation.rfind("gen-");
    if (dash != std::string::npos)
      gauges["chanjiao_index_generation"] = std::atof(generation.c_str() + dash + 4);
    res.set_content(metrics_.render(gauges), "text/plain; version=0.0.4");
  });

  // The API's own description (OpenAPI 3), read once: a test checks that it
  // lists exactly the routes registered here.
  router_.Get("/api/v1/openapi.json", [this](const httplib::Request&, httplib::Response& res) {
    if (openapi_.empty())
      return send_error(res, 503,
                        "the API description is not installed (" + config_.openapi_file + ")");
    res.set_content(openapi_, "application/json");
  });
  install_search_routes(router_, pool_, config_, auth_, query_log_.get());
  install_document_route(router_, pool_, config_, store_, auth_);
  if (store_ != nullptr && updater_ != nullptr)
    install_publish_routes(router_, pool_, config_, *store_, auth_, *updater_);
  install_insights_routes(router_, pool_, config_, auth_, query_log_.get());
  install_recommend_routes(router_, pool_, config_, auth_);
  install_series_routes(router_, pool_, config_, store_, auth_);
  install_forecast_routes(router_, pool_, config_, store_, auth_);

  if (!config_.web_dir.empty() && !http_.set_mount_point("/", config_.web_dir))
    std::cerr << "warning: no web UI: cannot serve " << config_.web_dir << '\n';
}

Result<int> ApiServer::bind() {
  int port = config_.port == 0
                 ? http_.bind_to_any_port(config_.bind)
                 : (http_.bind_to_port(config_.bind, config_.port) ? config_.port : -1);
  if (port <= 0)
    return Status::unavailable("cannot listen on " + config_.bind + ":" +
                               std::to_string(config_.port));
  return port;
}

void ApiServer::serve() {
  http_.listen_after_bind();
}

}  // namespace chanjiao::server
