#include "server/series_routes.h"

#include <xapian.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/schema.h"
#include "core/utf8.h"
#include "server/http_util.h"
#include "server/json_route.h"
#include "server/publish_routes.h"

namespace chanjiao::server {
namespace {

// Every document of `type` that `viewer` may see, parsed, in docid order.
std::vector<Document> visible_of_type(const Xapian::Database& db, DocType type,
                                      const search::Viewer& viewer) {
  const std::string term = schema::term(schema::kType, type_name(type));
  std::vector<Document> out;
  for (Xapian::PostingIterator it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    if (!search::is_visible(db, *it, viewer)) continue;
    auto doc = parse_document(db.get_document(*it).get_data());
    if (doc.is_ok() && doc->type == type) out.push_back(std::move(doc).value());
  }
  return out;
}

void write_raw_object(JsonWriter& w, const std::string& json) {
  w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

// The list entry of a series: what a reader needs to pick one.
void write_summary(JsonWriter& w, const Document& doc) {
  auto str = [&w](const char* key, const std::string& value) {
    w.Key(key);
    write_string(w, value);
  };
  str("id", doc.id);
  str("name", doc.title);
  str("unit", doc.unit);
  str("frequency", doc.frequency);
  str("region", doc.region);
  w.Key("source");
  w.StartObject();
  str("agency", doc.org);
  str("url", doc.url);
  w.EndObject();
  str("published_at", doc.published_at);
  w.Key("cumulative");
  w.Bool(doc.cumulative);
  w.Key("observations");
  w.Uint64(doc.observations.size());
  if (!doc.observations.empty()) {
    str("first", doc.observations.front().period);
    str("last", doc.observations.back().period);
    w.Key("last_value");
    w.Double(doc.observations.back().value);
  }
  w.Key("breaks");
  w.StartArray();
  for (const SeriesBreak& b : doc.breaks) write_string(w, b.period);
  w.EndArray();
}

Result<std::vector<store::Revision>> revisions_of(store::DocumentStore* store,
                                                  const std::string& id) {
  if (store == nullptr) return std::vector<store::Revision>();
  return store->revisions(id);
}

Status answer_list(JsonContext& ctx, JsonWriter& w) {
  std::vector<Document> all =
      visible_of_type(ctx.searcher->database(), DocType::kSeries, ctx.viewer);
  std::sort(all.begin(), all.end(),
            [](const Document& a, const Document& b) { return a.id < b.id; });
  w.Key("total");
  w.Uint64(all.size());
  write_object_array(w, "series", all, write_summary);
  return Status::ok();
}

Status answer_get(SearcherPool& pool, store::DocumentStore* store, JsonContext& ctx,
                  JsonWriter& w) {
  const std::string id = ctx.req.matches[1].str();
  std::optional<int64_t> wanted;
  if (ctx.req.has_param("revision")) {
    auto n = int_param(ctx.req, "revision", 1, INT32_MAX);
    if (!n.is_ok()) return n.status();
    wanted = n.value();
  }
  auto current = find_series(pool, store, ctx.viewer, id);
  if (!current.is_ok()) return current.status();
  auto revisions = revisions_of(store, id);
  if (!revisions.is_ok()) return revisions.status();
  std::string json = to_json(current.value());
  int64_t revision = revisions->empty() ? 0 : revisions->back().revision;
  if (wanted) {
    auto it = std::find_if(revisions->begin(), revisions->end(),
                           [&](const store::Revision& r) { return r.revision == *wanted; });
    if (it == revisions->end())
      return Status::not_found("no revision " + std::to_string(*wanted) + " of series " + id +
                               " (revisions: " + std::to_string(revisions->size()) + ")");
    json = it->json;
    revision = it->revision;
  }
  w.Key("series");
  write_raw_object(w, json);
  if (revision > 0) {
    w.Key("revision");
    w.Int64(revision);
  }
  w.Key("revisions");
  w.Uint64(revisions->size());
  return Status::ok();
}

Status answer_revisions(SearcherPool& pool, store::DocumentStore* store, JsonContext& ctx,
                        JsonWriter& w) {
  const std::string id = ctx.req.matches[1].str();
  auto current = find_series(pool, store, ctx.viewer, id);
  if (!current.is_ok()) return current.status();
  auto revisions = revisions_of(store, id);
  if (!revisions.is_ok()) return revisions.status();
  w.Key("series");
  write_string(w, id);
  write_object_array(w, "revisions", revisions.value(), [](JsonWriter& w, const auto& r) {
    w.Key("revision");
    w.Int64(r.revision);
    w.Key("seq");
    w.Uint64(r.seq);
    w.Key("updated_at");
    write_string(w, r.updated_at);
    if (auto doc = parse_document(r.json); doc.is_ok() && !doc->observations.empty()) {
      w.Key("observations");
      w.Uint64(doc->observations.size());
      w.Key("first");
      write_string(w, doc->observations.front().period);
      w.Key("last");
      write_string(w, doc->observations.back().period);
    }
  });
  return Status::ok();
}

// GET /api/v1/employment/reports, parsed once.
struct ReportRequest {
  std::string school;
  std::optional<int> year;
  std::string major;
  int size = SeriesLimits::kDefaultReports;

  bool matches(const Document& doc) const {
    return (school.empty() || doc.school == school) && (!year || doc.year == year) &&
           (major.empty() || doc.major == major);
  }
};

Result<ReportRequest> parse_report_request(const httplib::Request& req) {
  ReportRequest r;
  for (auto [name, out] : {std::pair{"school", &r.school}, std::pair{"major", &r.major}}) {
    *out = req.get_param_value(name);
    if (!is_valid_utf8(*out) || out->size() > 1024)
      return Status::invalid_argument(std::string(name) + ": invalid value");
  }
  if (req.has_param("year")) {
    auto year = int_param(req, "year", 1900, 2100);
    if (!year.is_ok()) return year.status();
    r.year = static_cast<int>(year.value());
  }
  if (req.has_param("size")) {
    auto size = int_param(req, "size", 1, SeriesLimits::kMaxReports);
    if (!size.is_ok()) return size.status();
    r.size = static_cast<int>(size.value());
  }
  return r;
}

// Distinct values of every visible report, for the page's selectors.
struct ReportChoices {
  std::set<std::string> schools, majors;
  std::set<int, std::greater<int>> years;

  void add(const Document& doc) {
    schools.insert(doc.school);
    if (!doc.major.empty()) majors.insert(doc.major);
    if (doc.year) years.insert(*doc.year);
  }
};

Status answer_reports(JsonContext& ctx, JsonWriter& w) {
  auto request = parse_report_request(ctx.req);
  if (!request.is_ok()) return request.status();
  ReportChoices choices;
  std::vector<Document> matching;
  for (Document& doc :
       visible_of_type(ctx.searcher->database(), DocType::kEmploymentReport, ctx.viewer)) {
    choices.add(doc);
    if (request->matches(doc)) matching.push_back(std::move(doc));
  }
  std::sort(matching.begin(), matching.end(), [](const Document& a, const Document& b) {
    if (a.school != b.school) return a.school < b.school;
    if (a.year != b.year) return a.year > b.year;
    return a.major < b.major;
  });
  const size_t total = matching.size();
  if (matching.size() > static_cast<size_t>(request->size)) matching.resize(request->size);
  w.Key("total");
  w.Uint64(total);
  w.Key("reports");
  w.StartArray();
  for (const Document& doc : matching) write_raw_object(w, to_json(doc));
  w.EndArray();
  auto strings = [&w](const char* key, const std::set<std::string>& values) {
    w.Key(key);
    w.StartArray();
    for (const std::string& v : values) write_string(w, v);
    w.EndArray();
  };
  strings("schools", choices.schools);
  strings("majors", choices.majors);
  w.Key("years");
  w.StartArray();
  for (int y : choices.years) w.Int(y);
  w.EndArray();
  return Status::ok();
}

}  // namespace

Result<Document> find_series(SearcherPool& pool, store::DocumentStore* store,
                             const search::Viewer& viewer, const std::string& id) {
  auto json = find_document(pool, store, viewer, id);
  if (!json.is_ok()) {
    if (json.status().code() == StatusCode::kNotFound)
      return Status::not_found("no series with id " + id);
    return json.status();
  }
  auto doc = parse_document(json.value());
  if (!doc.is_ok() || doc->type != DocType::kSeries)
    return Status::not_found("no series with id " + id);
  return doc;
}

void install_series_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                           store::DocumentStore* store, const Auth& auth) {
  http.Get("/api/v1/series", json_route(pool, auth, config, answer_list));
  http.Get("/api/v1/series/{id}",
           json_route(pool, auth, config, [&pool, store](JsonContext& ctx, JsonWriter& w) {
             return answer_get(pool, store, ctx, w);
           }));
  http.Get("/api/v1/series/{id}/revisions",
           json_route(pool, auth, config, [&pool, store](JsonContext& ctx, JsonWriter& w) {
             return answer_revisions(pool, store, ctx, w);
           }));
  http.Get("/api/v1/employment/reports", json_route(pool, auth, config, answer_reports));
}

}  // namespace chanjiao::server
