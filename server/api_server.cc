#include "server/api_server.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <iostream>

#include "core/document.h"
#include "core/utf8.h"

namespace chanjiao::server {
namespace {

using Clock = std::chrono::steady_clock;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

int http_status(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string error_code(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

void send_error(httplib::Response& res, int status, std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  write_string(w, error_code(status));
  w.Key("message");
  write_string(w, message);
  w.EndObject();
  w.EndObject();
  res.status = status;
  res.set_content(buffer.GetString(), "application/json; charset=utf-8");
}

void send_status(httplib::Response& res, const Status& s) {
  send_error(res, http_status(s.code()), s.message());
}

void send_json(httplib::Response& res, const rapidjson::StringBuffer& buffer) {
  res.status = 200;
  res.set_content(buffer.GetString(), buffer.GetSize(), "application/json; charset=utf-8");
}

double elapsed_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// --- Request parsing: one function per endpoint, errors name the parameter.

Result<int64_t> int_param(const httplib::Request& req, const char* name, int64_t min, int64_t max) {
  std::string v = req.get_param_value(name);
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used == v.size() && n >= min && n <= max) return static_cast<int64_t>(n);
  } catch (const std::exception&) {
  }
  return Status::invalid_argument(std::string(name) + ": expected an integer between " +
                                  std::to_string(min) + " and " + std::to_string(max));
}

Result<search::SearchRequest> parse_search_request(const httplib::Request& req) {
  search::SearchRequest r;
  r.q = req.get_param_value("q");
  if (!is_valid_utf8(r.q)) return Status::invalid_argument("q: not valid UTF-8 text");
  for (size_t i = 0; i < req.get_param_value_count("type"); ++i) {
    std::string t = req.get_param_value("type", i);
    if (!parse_type(t)) return Status::invalid_argument("type: must be job, resource or case");
    r.types.push_back(t);
  }
  struct {
    const char* name;
    std::vector<std::string>* out;
  } lists[] = {{"region", &r.regions},
               {"industry", &r.industries},
               {"education", &r.educations},
               {"major", &r.majors},
               {"org", &r.orgs}};
  for (const auto& list : lists) {
    size_t count = req.get_param_value_count(list.name);
    if (count > 20) return Status::invalid_argument(std::string(list.name) + ": too many values");
    for (size_t i = 0; i < count; ++i) {
      std::string value = req.get_param_value(list.name, i);
      if (!is_valid_utf8(value) || value.size() > 256)
        return Status::invalid_argument(std::string(list.name) + ": invalid value");
      list.out->push_back(std::move(value));
    }
  }
  for (const char* name : {"salary_min", "salary_max"}) {
    if (!req.has_param(name)) continue;
    auto v = int_param(req, name, 0, DocumentLimits::kMaxSalary);
    if (!v.is_ok()) return v.status();
    (std::string(name) == "salary_min" ? r.salary_min : r.salary_max) = v.value();
  }
  if (req.has_param("published_after")) {
    auto day = parse_iso_day(req.get_param_value("published_after"));
    if (!day) return Status::invalid_argument("published_after: expected a date YYYY-MM-DD");
    r.published_after_day = day;
  }
  std::string sort = req.get_param_value("sort");
  if (sort.empty())
    r.sort = std::nullopt;
  else if (sort == "relevance")
    r.sort = search::SortOrder::kRelevance;
  else if (sort == "date")
    r.sort = search::SortOrder::kDate;
  else if (sort == "salary")
    r.sort = search::SortOrder::kSalary;
  else
    return Status::invalid_argument("sort: must be relevance, date or salary");
  if (req.has_param("page")) {
    auto page = int_param(req, "page", 1, search::SearchLimits::kMaxResultDepth);
    if (!page.is_ok()) return page.status();
    r.page = static_cast<int>(page.value());
  }
  if (req.has_param("size")) {
    auto size = int_param(req, "size", 1, search::SearchLimits::kMaxPageSize);
    if (!size.is_ok()) return size.status();
    r.size = static_cast<int>(size.value());
  }
  return r;
}

void write_hit(JsonWriter& w, const search::Hit& hit) {
  w.StartObject();
  w.Key("id");
  write_string(w, hit.id);
  w.Key("type");
  write_string(w, hit.type);
  w.Key("title");
  write_string(w, hit.title);
  w.Key("title_html");
  write_string(w, hit.title_html);
  w.Key("snippet_html");
  write_string(w, hit.snippet_html);
  w.Key("score");
  w.Double(hit.score);
  w.Key("fields");
  // The stored document minus the long text: the card's key fields.
  rapidjson::Document doc;
  doc.Parse(hit.document_json.c_str());
  w.StartObject();
  for (auto& m : doc.GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    if (key == "id" || key == "type" || key == "title" || key == "body") continue;
    w.Key(m.name.GetString(), m.name.GetStringLength());
    m.value.Accept(w);
  }
  w.EndObject();
  w.EndObject();
}

void write_search_result(JsonWriter& w, const search::SearchRequest& r,
                         const search::SearchResult& result, double took_ms) {
  w.StartObject();
  w.Key("query");
  write_string(w, r.q);
  w.Key("total");
  w.Uint(result.total);
  w.Key("total_exact");
  w.Bool(result.total_exact);
  w.Key("relaxed");
  w.Bool(result.relaxed);
  w.Key("page");
  w.Int(r.page);
  w.Key("size");
  w.Int(r.size);
  w.Key("hits");
  w.StartArray();
  for (const search::Hit& hit : result.hits) write_hit(w, hit);
  w.EndArray();
  w.Key("facets");
  w.StartObject();
  for (const auto& [name, values] : result.facets) {
    w.Key(name.c_str());
    w.StartArray();
    for (const search::FacetValue& v : values) {
      w.StartObject();
      w.Key("value");
      write_string(w, v.value);
      w.Key("count");
      w.Uint(v.count);
      if (v.salary_min) {
        w.Key("salary_min");
        w.Int64(*v.salary_min);
      }
      if (v.salary_max) {
        w.Key("salary_max");
        w.Int64(*v.salary_max);
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  if (!result.suggestion.empty()) {
    w.Key("suggestion");
    write_string(w, result.suggestion);
  }
  w.Key("took_ms");
  w.Double(took_ms);
  w.EndObject();
}

std::string route_of(const httplib::Request& req) {
  const std::string& p = req.path;
  if (p.rfind("/api/v1/documents/", 0) == 0) return "/api/v1/documents/{id}";
  if (p.rfind("/api/", 0) == 0 || p == "/healthz" || p == "/metrics") return p;
  return "static";
}

}  // namespace

ApiServer::ApiServer(const ServerConfig& config, SearcherPool& pool)
    : config_(config), pool_(pool) {
  install_routes();
}

void ApiServer::install_routes() {
  const int threads = config_.threads;
  http_.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  http_.set_tcp_nodelay(true);  // otherwise every small response waits ~40 ms
  http_.set_keep_alive_max_count(static_cast<size_t>(config_.keep_alive_requests));
  http_.set_keep_alive_timeout(config_.keep_alive_seconds);
  http_.set_read_timeout(config_.read_timeout_seconds, 0);
  http_.set_payload_max_length(config_.max_request_bytes);

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
  http_.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_start = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    double seconds = std::chrono::duration<double>(Clock::now() - request_start).count();
    metrics_.record(route_of(req), res.status, seconds);
    if (config_.access_log)
      std::cerr << "access: " << req.method << ' ' << req.path << ' ' << res.status << ' '
                << res.body.size() << ' ' << seconds * 1000 << "ms\n";
  });

  http_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
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
    w.EndObject();
    send_json(res, buffer);
  });

  http_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    std::map<std::string, double> gauges;
    if (auto searcher = pool_.acquire(); searcher.is_ok())
      gauges["chanjiao_index_documents"] = searcher.value()->database().get_doccount();
    std::string generation = pool_.live_generation();
    size_t dash = generation.rfind("gen-");
    if (dash != std::string::npos)
      gauges["chanjiao_index_generation"] = std::atof(generation.c_str() + dash + 4);
    res.set_content(metrics_.render(gauges), "text/plain; version=0.0.4");
  });

  http_.Get("/api/v1/search", [this](const httplib::Request& req, httplib::Response& res) {
    auto start = Clock::now();
    auto request = parse_search_request(req);
    if (!request.is_ok()) return send_status(res, request.status());
    auto searcher = pool_.acquire();
    if (!searcher.is_ok()) return send_status(res, searcher.status());
    auto result = searcher.value()->search(request.value());
    if (!result.is_ok()) return send_status(res, result.status());
    double took = elapsed_ms(start);
    if (took > config_.slow_query_ms)
      std::cerr << "slow-query: " << took << " ms q=" << request->q << '\n';
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    write_search_result(w, request.value(), result.value(), took);
    send_json(res, buffer);
  });

  http_.Get("/api/v1/suggest", [this](const httplib::Request& req, httplib::Response& res) {
    auto start = Clock::now();
    std::string q = req.get_param_value("q");
    if (!is_valid_utf8(q) || q.size() > 256)
      return send_error(res, 400, "q: expected UTF-8 text of at most 256 bytes");
    auto searcher = pool_.acquire();
    if (!searcher.is_ok()) return send_status(res, searcher.status());
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("suggestions");
    w.StartArray();
    for (const search::Completion& c : searcher.value()->suggest(q, 8)) {
      w.StartObject();
      w.Key("text");
      write_string(w, c.text);
      w.Key("kind");
      write_string(w, c.kind);
      w.EndObject();
    }
    w.EndArray();
    w.Key("took_ms");
    w.Double(elapsed_ms(start));
    w.EndObject();
    send_json(res, buffer);
  });

  http_.Get(
      R"(/api/v1/documents/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
        auto searcher = pool_.acquire();
        if (!searcher.is_ok()) return send_status(res, searcher.status());
        auto doc = searcher.value()->document(req.matches[1].str());
        if (!doc.is_ok()) return send_status(res, doc.status());
        res.set_content("{\"document\":" + doc.value() + "}", "application/json; charset=utf-8");
      });

  http_.Get("/api/v1/analyze", [this](const httplib::Request& req, httplib::Response& res) {
    std::string text = req.get_param_value("text");
    if (!is_valid_utf8(text) || text.size() > 10000)
      return send_error(res, 400, "text: expected UTF-8 text of at most 10000 bytes");
    const analysis::Analyzer& analyzer = pool_.analyzer();
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("normalized");
    write_string(w, analyzer.normalize(text));
    w.Key("tokens");
    w.StartArray();
    for (const analysis::Token& t : analyzer.words(text)) {
      w.StartObject();
      w.Key("token");
      write_string(w, t.text);
      w.Key("pinyin");
      write_string(w, analyzer.pinyin().full(t.text));
      w.Key("synonyms");
      w.StartArray();
      for (const std::string& s : analyzer.lexicon().synonyms(t.text)) write_string(w, s);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.Key("analyzer_version");
    w.Int(analysis::Analyzer::kVersion);
    w.EndObject();
    send_json(res, buffer);
  });

  if (!config_.web_dir.empty()) http_.set_mount_point("/", config_.web_dir);
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
