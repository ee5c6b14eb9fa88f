#include "server/recommend_routes.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "core/document.h"
#include "core/index_fields.h"
#include "core/utf8.h"
#include "search/recommender.h"
#include "server/http_util.h"
#include "server/json_route.h"
#include "server/search_routes.h"

namespace chanjiao::server {
namespace {

using search::RecommendLimits;

Result<search::SimilarRequest> parse_similar_request(const httplib::Request& req) {
  search::SimilarRequest r;
  r.id = req.get_param_value("id");
  if (r.id.empty()) return Status::invalid_argument("id: required");
  if (!is_valid_utf8(r.id) || r.id.size() > DocumentLimits::kMaxIdBytes)
    return Status::invalid_argument("id: invalid value");
  for (size_t i = 0; i < req.get_param_value_count("type"); ++i) {
    std::string t = req.get_param_value("type", i);
    if (!parse_type(t))
      return Status::invalid_argument("type: must be one of " + std::string(type_names()));
    r.types.push_back(t);
  }
  if (req.has_param("size")) {
    auto size = int_param(req, "size", 1, RecommendLimits::kMaxSize);
    if (!size.is_ok()) return size.status();
    r.size = static_cast<int>(size.value());
  }
  std::string mode = req.get_param_value("mode");
  if (mode == "baseline")
    r.baseline = true;
  else if (mode == "keywords")
    r.keywords = true;
  else if (!mode.empty())
    return Status::invalid_argument("mode: must be baseline, keywords or absent");
  return r;
}

Result<std::string> string_field(const rapidjson::Value& obj, const char* name, size_t max) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || it->value.IsNull()) return std::string();
  if (!it->value.IsString())
    return Status::invalid_argument(std::string(name) + ": expected a string");
  std::string value(it->value.GetString(), it->value.GetStringLength());
  if (!is_valid_utf8(value) || value.size() > max)
    return Status::invalid_argument(std::string(name) + ": expected UTF-8 text of at most " +
                                    std::to_string(max) + " bytes");
  return value;
}

Result<std::vector<std::string>> list_field(const rapidjson::Value& obj, const char* name,
                                            size_t max_items) {
  std::vector<std::string> out;
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || it->value.IsNull()) return out;
  if (!it->value.IsArray())
    return Status::invalid_argument(std::string(name) + ": expected an array of strings");
  if (it->value.Size() > max_items)
    return Status::invalid_argument(std::string(name) + ": at most " + std::to_string(max_items) +
                                    " items");
  for (const auto& v : it->value.GetArray()) {
    // Each failure says which it is: a client that sent bad bytes is told so.
    const std::string where = std::string(name) + ": item " + std::to_string(out.size()) + " ";
    if (!v.IsString()) return Status::invalid_argument(where + "is not a string");
    std::string_view text(v.GetString(), v.GetStringLength());
    if (!is_valid_utf8(text)) return Status::invalid_argument(where + "is not valid UTF-8 text");
    if (text.size() > 256) return Status::invalid_argument(where + "is longer than 256 bytes");
    out.emplace_back(text);
  }
  return out;
}

Result<search::Profile> parse_profile(const std::string& body) {
  rapidjson::Document json;
  json.Parse(body.c_str(), body.size());
  if (json.HasParseError())
    return Status::invalid_argument(std::string("profile: not valid JSON: ") +
                                    rapidjson::GetParseError_En(json.GetParseError()) +
                                    " (at byte " + std::to_string(json.GetErrorOffset()) + ")");
  if (!json.IsObject()) return Status::invalid_argument("profile: expected a JSON object");
  search::Profile p;
  struct {
    const char* name;
    std::string* out;
    size_t max;
  } strings[] = {{"major", &p.major, 256},
                 {"region", &p.region, 256},
                 {"education", &p.education, 64},
                 {"interests", &p.interests, RecommendLimits::kMaxTextBytes},
                 {"text", &p.text, search::SearchLimits::kMaxQueryBytes}};
  for (const auto& s : strings) {
    auto v = string_field(json, s.name, s.max);
    if (!v.is_ok()) return v.status();
    *s.out = std::move(v).value();
  }
  struct {
    const char* name;
    std::vector<std::string>* out;
    size_t max;
  } lists[] = {{"skills", &p.skills, RecommendLimits::kMaxSkills},
               {"types", &p.types, 3},
               {"exclude", &p.exclude, RecommendLimits::kMaxExclude}};
  for (const auto& l : lists) {
    auto v = list_field(json, l.name, l.max);
    if (!v.is_ok()) return v.status();
    *l.out = std::move(v).value();
  }
  for (const std::string& t : p.types)
    if (!parse_type(t))
      return Status::invalid_argument("types: must be one of " + std::string(type_names()));
  if (auto it = json.FindMember("size"); it != json.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsInt() || it->value.GetInt() < 1 ||
        it->value.GetInt() > RecommendLimits::kMaxSize)
      return Status::invalid_argument("size: must be an integer between 1 and " +
                                      std::to_string(RecommendLimits::kMaxSize));
    p.size = it->value.GetInt();
  }
  if (!p.education.empty() && !schema::education_rank(p.education))
    return Status::invalid_argument("education: must be one of " + schema::education_level_list());
  bool has_signal = !p.major.empty() || !p.interests.empty() || !p.text.empty();
  for (const std::string& s : p.skills) has_signal = has_signal || !s.empty();
  if (!has_signal)
    return Status::invalid_argument("profile: give at least one of major, skills, interests, text");
  return p;
}

void write_list(JsonWriter& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& v : values) write_string(w, v);
  w.EndArray();
}

// `source_id` set: the GET form, which also describes the source document.
void write_result(JsonWriter& w, const search::RecommendResult& result,
                  const std::string* source_id = nullptr) {
  if (source_id) {
    w.Key("source");
    w.StartObject();
    w.Key("id");
    write_string(w, *source_id);
    write_list(w, "skills", result.source_skills);
    w.EndObject();
  }
  w.Key("total");
  w.Uint(result.total);
  w.Key("hits");
  w.StartArray();
  for (const search::Recommendation& rec : result.hits) {
    write_hit(w, rec.hit, /*close_object=*/false);
    write_list(w, "skills", rec.skills);
    write_list(w, "reasons", rec.reasons);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

void install_recommend_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                              const Auth& auth) {
  http.Get("/api/v1/recommend",
           json_route(pool, auth, config, [&pool](JsonContext& ctx, JsonWriter& w) {
             auto request = parse_similar_request(ctx.req);
             if (!request.is_ok()) return request.status();
             request->viewer = ctx.viewer;
             auto result = search::Recommender(pool.analyzer(), *ctx.searcher).similar(request.value());
             if (!result.is_ok()) return result.status();
             write_result(w, result.value(), &request->id);
             return Status::ok();
           }));
  http.Post(
      "/api/v1/recommend", json_route(pool, auth, config, [&pool](JsonContext& ctx, JsonWriter& w) {
        auto profile = parse_profile(ctx.req.body);
        if (!profile.is_ok()) return profile.status();
        profile->viewer = ctx.viewer;
        auto result = search::Recommender(pool.analyzer(), *ctx.searcher).for_profile(profile.value());
        if (!result.is_ok()) return result.status();
        write_result(w, result.value());
        return Status::ok();
      }));
}

}  // namespace chanjiao::server
