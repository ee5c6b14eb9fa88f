#include "server/search_routes.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "core/document.h"
#include "core/index_fields.h"
#include "core/utf8.h"
#include "server/http_util.h"
#include "server/json_route.h"

namespace chanjiao::server {

namespace {

// A parameter's values, whichever form carried them (the GET query string or
// the POST JSON body): validation below is written once, for both.
using RequestParams = std::map<std::string, std::vector<std::string>, std::less<>>;

const std::string& first(const RequestParams& params, std::string_view name) {
  static const std::string kNone;
  auto it = params.find(name);
  return it == params.end() || it->second.empty() ? kNone : it->second.front();
}

bool has(const RequestParams& params, std::string_view name) {
  auto it = params.find(name);
  return it != params.end() && !it->second.empty();
}

Result<int64_t> int_value(const RequestParams& params, const char* name, int64_t min, int64_t max) {
  return parse_int(name, first(params, name), min, max);
}

// Every parameter of a search, validated once: the one parser behind GET and POST.
Result<search::SearchRequest> parse_search_params(const RequestParams& params) {
  search::SearchRequest r;
  r.q = first(params, "q");
  if (!is_valid_utf8(r.q)) return Status::invalid_argument("q: not valid UTF-8 text");
  if (r.q.size() > search::SearchLimits::kMaxQueryBytes)
    return Status::too_large("q: longer than " +
                             std::to_string(search::SearchLimits::kMaxQueryBytes) + " bytes");
  // The filter parameters: one per field of core/index_fields.h that has one.
  for (const schema::FilterFieldInfo& field : schema::kFilterFields) {
    if (field.param.empty()) continue;
    auto it = params.find(field.param);
    if (it == params.end()) continue;
    const std::string name(field.param);
    const bool is_type = field.id == schema::kTypeField;
    if (!is_type && it->second.size() > 20)
      return Status::invalid_argument(name + ": too many values");
    for (const std::string& value : it->second) {
      if (is_type && !parse_type(value))
        return Status::invalid_argument("type: must be one of " + std::string(type_names()));
      if (!is_type && (!is_valid_utf8(value) || value.size() > 256))
        return Status::invalid_argument(name + ": invalid value");
      r.filter(field.id).push_back(value);
    }
  }
  for (const char* name : {"salary_min", "salary_max"}) {
    if (!has(params, name)) continue;
    auto v = int_value(params, name, 0, DocumentLimits::kMaxSalary);
    if (!v.is_ok()) return v.status();
    (std::string(name) == "salary_min" ? r.salary_min : r.salary_max) = v.value();
  }
  if (has(params, "published_after")) {
    auto day = parse_iso_day(first(params, "published_after"));
    if (!day) return Status::invalid_argument("published_after: expected a date YYYY-MM-DD");
    r.published_after_day = day;
  }
  if (has(params, "published_before")) {
    auto day = parse_iso_day(first(params, "published_before"));
    if (!day) return Status::invalid_argument("published_before: expected a date YYYY-MM-DD");
    r.published_before_day = day;
  }
  const std::string& sort = first(params, "sort");
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
  if (has(params, "page")) {
    auto page = int_value(params, "page", 1, search::SearchLimits::kMaxResultDepth);
    if (!page.is_ok()) return page.status();
    r.page = static_cast<int>(page.value());
  }
  if (has(params, "size")) {
    auto size = int_value(params, "size", 1, search::SearchLimits::kMaxPageSize);
    if (!size.is_ok()) return size.status();
    r.size = static_cast<int>(size.value());
  }
  return r;
}

// The parameters besides the filter fields' (schema::kFilterFields).
constexpr std::string_view kOtherSearchParams[] = {
    "q", "salary_min", "salary_max", "published_after", "published_before", "sort", "page", "size"};

bool is_search_param(std::string_view name) {
  for (const schema::FilterFieldInfo& field : schema::kFilterFields)
    if (!field.param.empty() && name == field.param) return true;
  return std::find(std::begin(kOtherSearchParams), std::end(kOtherSearchParams), name) !=
         std::end(kOtherSearchParams);
}

// A JSON scalar as the text the query string would carry: strings as they
// are, integers in decimal; anything else is refused naming the field.
Result<std::string> scalar_text(const rapidjson::Value& v, const std::string& name) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  return Status::invalid_argument(name + ": expected a string or an integer");
}

}  // namespace

Result<search::SearchRequest> parse_search_request(const httplib::Request& req) {
  RequestParams params;
  for (const auto& [name, value] : req.params) params[name].push_back(value);
  // The request line of a GET is capped (cpp-httplib answers an empty 414
  // over 8 KB): long texts belong in the POST body, and the error says so.
  if (first(params, "q").size() > kMaxGetQueryBytes)
    return Status::invalid_argument("q: longer than " + std::to_string(kMaxGetQueryBytes) +
                                    " bytes in a GET; send long texts (up to " +
                                    std::to_string(search::SearchLimits::kMaxQueryBytes) +
                                    " bytes) with POST /api/v1/search and a JSON body");
  return parse_search_params(params);
}

Result<search::SearchRequest> parse_search_body(std::string_view body) {
  rapidjson::Document json;
  json.Parse(body.data(), body.size());
  if (json.HasParseError() || !json.IsObject())
    return Status::invalid_argument("body: expected a JSON object of search parameters");
  RequestParams params;
  for (const auto& member : json.GetObject()) {
    std::string name(member.name.GetString(), member.name.GetStringLength());
    if (!is_search_param(name)) return Status::invalid_argument(name + ": not a search parameter");
    std::vector<std::string>& values = params[name];
    if (member.value.IsArray()) {
      for (const auto& item : member.value.GetArray()) {
        auto text = scalar_text(item, name);
        if (!text.is_ok()) return text.status();
        values.push_back(std::move(text).value());
      }
    } else if (!member.value.IsNull()) {
      auto text = scalar_text(member.value, name);
      if (!text.is_ok()) return text.status();
      values.push_back(std::move(text).value());
    }
  }
  return parse_search_params(params);
}

namespace {

// What the analyzer makes of `text`: its normalised form and its words.
void write_analysis(JsonWriter& w, const analysis::Analyzer& analyzer, const std::string& text) {
  w.Key("normalized");
  write_string(w, analyzer.normalize(text));
  write_object_array(w, "tokens", analyzer.words(text),
                     [&analyzer](JsonWriter& w, const analysis::Token& t) {
                       w.Key("token");
                       write_string(w, t.text);
                       w.Key("pinyin");
                       write_string(w, analyzer.pinyin().full(t.text));
                       w.Key("synonyms");
                       w.StartArray();
                       for (const std::string& s : analyzer.lexicon().synonyms(t.text))
                         write_string(w, s);
                       w.EndArray();
                     });
  w.Key("analyzer_version");
  w.Int(analysis::Analyzer::kVersion);
}

// The members of a search response (json_route opens and closes the object).
void write_search_result(JsonWriter& w, const search::SearchRequest& r,
                         const search::SearchResult& result) {
  w.Key("query");
  write_string(w, r.q);
  w.Key("total");
  w.Uint(result.total);
  w.Key("total_exact");
  w.Bool(result.total_exact);
  w.Key("relaxed");
  w.Bool(result.relaxed);
  w.Key("full_matches");
  w.Uint(result.full_matches);
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
    write_object_array(w, name.c_str(), values, [](JsonWriter& w, const search::FacetValue& v) {
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
    });
  }
  w.EndObject();
  if (!result.suggestion.empty()) {
    w.Key("suggestion");
    write_string(w, result.suggestion);
  }
}

}  // namespace

void write_hit(JsonWriter& w, const search::Hit& hit, bool close_object) {
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
  if (hit.partial) {
    w.Key("partial");
    w.Bool(true);
  }
  w.Key("fields");
  w.RawValue(hit.fields_json.data(), hit.fields_json.size(), rapidjson::kObjectType);
  if (close_object) w.EndObject();
}

void install_search_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                           const Auth& auth, store::QueryLog* query_log) {
  // GET and POST differ only in where the parameters come from.
  auto search_handler = [&](auto parse) {
    return json_route(pool, auth, config, [query_log, parse](JsonContext& ctx, JsonWriter& w) {
      auto request = parse(ctx.req);
      if (!request.is_ok()) return request.status();
      request->viewer = ctx.viewer;
      ctx.log_detail = "q=" + request->q;
      auto result = ctx.searcher->search(request.value());
      if (!result.is_ok()) return result.status();
      if (query_log != nullptr && request->page == 1) query_log->record(request->q, result->total);
      write_search_result(w, request.value(), result.value());
      return Status::ok();
    });
  };
  http.Get("/api/v1/search",
           search_handler([](const httplib::Request& req) { return parse_search_request(req); }));
  http.Post("/api/v1/search", search_handler([](const httplib::Request& req) {
              return parse_search_body(req.body);
            }));

  http.Get("/api/v1/suggest", json_route(pool, auth, config, [](JsonContext& ctx, JsonWriter& w) {
             std::string q = ctx.req.get_param_value("q");
             if (!is_valid_utf8(q) || q.size() > 256)
               return Status::invalid_argument("q: expected UTF-8 text of at most 256 bytes");
             write_object_array(w, "suggestions", ctx.searcher->suggest(q, 8, ctx.viewer),
                                [](JsonWriter& w, const search::Completion& c) {
                                  w.Key("text");
                                  write_string(w, c.text);
                                  w.Key("kind");
                                  write_string(w, c.kind);
                                });
             return Status::ok();
           }));

  http.Get("/api/v1/analyze", json_route(
                                  pool, auth, config,
                                  [&pool](JsonContext& ctx, JsonWriter& w) {
                                    std::string text = ctx.req.get_param_value("text");
                                    if (!is_valid_utf8(text) || text.size() > 10000)
                                      return Status::invalid_argument(
                                          "text: expected UTF-8 text of at most 10000 bytes");
                                    write_analysis(w, pool.analyzer(), text);
                                    return Status::ok();
                                  },
                                  UsesIndex::kNo));
}

}  // namespace chanjiao::server
