#include "server/publish_routes.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <memory>

#include "core/document.h"
#include "server/http_util.h"
#include "server/json_route.h"
#include "server/rate_limiter.h"

namespace chanjiao::server {
namespace {

std::string to_string(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  value.Accept(w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Validates every document of a request before anything is written.
Result<std::vector<Document>> parse_documents(const std::string& body) {
  rapidjson::Document json;
  json.Parse(body.c_str(), body.size());
  if (json.HasParseError())
    return Status::invalid_argument(std::string("json: ") +
                                    rapidjson::GetParseError_En(json.GetParseError()) +
                                    " (at byte " + std::to_string(json.GetErrorOffset()) + ")");
  std::vector<Document> docs;
  if (json.IsObject()) {
    auto doc = parse_document(body);
    if (!doc.is_ok()) return doc.status();
    docs.push_back(std::move(doc).value());
    return docs;
  }
  if (!json.IsArray()) return Status::invalid_argument("json: expected a document or an array");
  if (json.Empty()) return Status::invalid_argument("json: empty array");
  if (json.Size() > PublishLimits::kMaxBatch)
    return Status::invalid_argument("json: more than " + std::to_string(PublishLimits::kMaxBatch) +
                                    " documents in one request");
  for (rapidjson::SizeType i = 0; i < json.Size(); ++i) {
    const rapidjson::Value& item = json[i];
    std::string where = "documents[" + std::to_string(i) + "]";
    if (item.IsObject())
      if (auto id = item.FindMember("id"); id != item.MemberEnd() && id->value.IsString())
        where += " (id " + std::string(id->value.GetString(), id->value.GetStringLength()) + ")";
    auto doc = item.IsObject()
                   ? parse_document(to_string(item))
                   : Result<Document>(Status::invalid_argument("json: expected an object"));
    if (!doc.is_ok()) return Status::invalid_argument(where + ": " + doc.status().message());
    docs.push_back(std::move(doc).value());
  }
  return docs;
}

// Owner of an indexed document the store does not hold (a corpus record).
// Fails closed: when the index cannot be read, the id counts as owned by
// nobody, so only an admin may write it.
store::IndexedOwner indexed_owner(SearcherPool& pool) {
  return [&pool](const std::string& id) -> std::optional<std::string> {
    for (int attempt = 0; attempt <= kModifiedRetries; ++attempt) {
      try {
        auto searcher = pool.acquire();
        if (!searcher.is_ok()) return std::string();
        auto json = searcher.value()->document(id, search::Viewer{"", true});
        if (!json.is_ok()) return std::nullopt;
        auto doc = parse_document(json.value());
        return doc.is_ok() ? doc->owner_org : std::string();
      } catch (const Xapian::DatabaseModifiedError&) {
        pool.reset_thread();
      } catch (const Xapian::Error&) {
        return std::string();
      }
    }
    return std::string();
  };
}

void send_written(httplib::Response& res, int status, const std::vector<Document>& docs,
                  uint64_t seq, Clock::time_point start, bool deleted = false) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("ids");
  w.StartArray();
  for (const Document& d : docs) write_string(w, d.id);
  w.EndArray();
  if (deleted) {
    w.Key("deleted");
    w.Bool(true);
  }
  w.Key("seq");
  w.Uint64(seq);
  w.Key("took_ms");
  w.Double(elapsed_ms(start));
  w.EndObject();
  send_json(res, buffer, status);
}

// Spends `documents` of the request key's budget; false, with a 429 and
// Retry-After sent, when the key is over it (nothing is written then).
bool within_budget(RateLimiter& limiter, const httplib::Request& req, size_t documents,
                   httplib::Response& res) {
  int64_t wait = limiter.acquire(Auth::key_id(req), static_cast<double>(documents));
  if (wait == 0) return true;
  send_error(res, 429,
             "publishing rate limit: this key may write " +
                 std::to_string(static_cast<int64_t>(limiter.rate())) +
                 " documents a second (bursts of " +
                 std::to_string(static_cast<int64_t>(limiter.burst())) + "); retry after " +
                 std::to_string(wait) + " s");
  res.set_header("Retry-After", std::to_string(wait));
  return false;
}

}  // namespace

void install_publish_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                            store::DocumentStore& store, const Auth& auth,
                            index::LiveUpdater& updater) {
  // Shared by the three handlers, which outlive this function.
  auto limiter = std::make_shared<RateLimiter>(config.publish_rate,
                                               config.publish_rate * PublishLimits::kBurstSeconds);
  http.Post("/api/v1/documents", [&, limiter](const httplib::Request& req, httplib::Response& res) {
    auto start = Clock::now();
    auto caller = auth.caller(req);
    if (!caller.is_ok()) return send_status(res, caller.status());
    auto docs = parse_documents(req.body);
    if (!docs.is_ok()) return send_status(res, docs.status());
    if (!within_budget(*limiter, req, docs->size(), res)) return;
    auto seq = store.put(docs.value(), caller.value(), indexed_owner(pool));
    if (!seq.is_ok()) return send_status(res, seq.status());
    updater.notify();
    send_written(res, 201, docs.value(), seq.value(), start);
  });

  http.Put("/api/v1/documents/{id}", [&, limiter](const httplib::Request& req,
                                                  httplib::Response& res) {
    auto start = Clock::now();
    auto caller = auth.caller(req);
    if (!caller.is_ok()) return send_status(res, caller.status());
    const std::string id = req.matches[1].str();
    rapidjson::Document json;
    json.Parse(req.body.c_str(), req.body.size());
    if (json.HasParseError() || !json.IsObject())
      return send_error(res, 400, "json: expected a document object");
    auto body_id = json.FindMember("id");
    if (body_id == json.MemberEnd() || body_id->value.IsNull()) {
      json.RemoveMember("id");
      json.AddMember("id", rapidjson::Value(id.c_str(), json.GetAllocator()), json.GetAllocator());
    } else if (!body_id->value.IsString() || id != body_id->value.GetString()) {
      return send_error(res, 400, "id: does not match the id in the URL");
    }
    auto doc = parse_document(to_string(json));
    if (!doc.is_ok()) return send_status(res, doc.status());
    std::vector<Document> docs{std::move(doc).value()};
    if (!within_budget(*limiter, req, 1, res)) return;
    auto seq = store.put(docs, caller.value(), indexed_owner(pool));
    if (!seq.is_ok()) return send_status(res, seq.status());
    updater.notify();
    send_written(res, 200, docs, seq.value(), start);
  });

  http.Delete("/api/v1/documents/{id}",
              [&, limiter](const httplib::Request& req, httplib::Response& res) {
                auto start = Clock::now();
                auto caller = auth.caller(req);
                if (!caller.is_ok()) return send_status(res, caller.status());
                if (!within_budget(*limiter, req, 1, res)) return;
                Document gone;
                gone.id = req.matches[1].str();
                auto seq = store.remove(gone.id, caller.value(), indexed_owner(pool));
                if (!seq.is_ok()) return send_status(res, seq.status());
                updater.notify();
                send_written(res, 200, {gone}, seq.value(), start, /*deleted=*/true);
              });
}

Result<std::string> find_document(SearcherPool& pool, store::DocumentStore* store,
                                  const search::Viewer& viewer, const std::string& id) {
  if (store != nullptr) {
    auto found = store->get(id);
    if (!found.is_ok()) return found.status();
    if (const auto& row = found.value()) {
      if (row->deleted || !viewer.may_see(row->restricted, row->owner_org))
        return Status::not_found("no document with id " + id);
      return row->json;
    }
  }
  auto searcher = pool.acquire();
  if (!searcher.is_ok()) return searcher.status();
  return searcher.value()->document(id, viewer);
}

void install_document_route(Router& http, SearcherPool& pool, const ServerConfig& config,
                            store::DocumentStore* store, const Auth& auth) {
  http.Get("/api/v1/documents/{id}",
           json_route(
               pool, auth, config,
               [&pool, store](JsonContext& ctx, JsonWriter& w) {
                 auto json = find_document(pool, store, ctx.viewer, ctx.req.matches[1].str());
                 if (!json.is_ok()) return json.status();
                 w.Key("document");
                 w.RawValue(json->data(), json->size(), rapidjson::kObjectType);
                 return Status::ok();
               },
               UsesIndex::kNo));  // find_document reads the store first, the index if needed
}

}  // namespace chanjiao::server
