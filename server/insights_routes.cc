#include "server/insights_routes.h"

#include "search/insights.h"
#include "server/auth.h"
#include "server/http_util.h"
#include "server/json_route.h"
#include "server/search_routes.h"

namespace chanjiao::server {
namespace {

using store::DayCount;
using store::QueryCount;

constexpr int kMaxDays = 3660;

void write_counts(JsonWriter& w, const char* key, const std::vector<search::CountValue>& values) {
  write_object_array(w, key, values, [](JsonWriter& w, const search::CountValue& v) {
    w.Key("value");
    write_string(w, v.value);
    w.Key("count");
    w.Uint(v.count);
    w.Key("share");
    w.Double(v.share);
  });
}

void write_salary(JsonWriter& w, const search::SalaryStats& s) {
  w.StartObject();
  w.Key("count");
  w.Uint(s.count);
  if (s.count > 0) {
    for (auto [key, value] : {std::pair{"min", s.min},
                              {"p25", s.p25},
                              {"median", s.median},
                              {"p75", s.p75},
                              {"max", s.max}}) {
      w.Key(key);
      w.Double(value);
    }
  }
  w.EndObject();
}

void write_salary_groups(JsonWriter& w, const char* key,
                         const std::vector<search::SalaryGroup>& groups) {
  write_object_array(w, key, groups, [](JsonWriter& w, const search::SalaryGroup& g) {
    w.Key("value");
    write_string(w, g.value);
    w.Key("salary");
    write_salary(w, g.salary);
  });
}

void write_gap_rows(JsonWriter& w, const char* key, const std::vector<search::GapRow>& rows) {
  write_object_array(w, key, rows, [](JsonWriter& w, const search::GapRow& row) {
    w.Key("value");
    write_string(w, row.value);
    w.Key("demand");
    w.Uint(row.demand);
    w.Key("supply");
    w.Uint(row.supply);
    w.Key("ratio");
    w.Double(row.ratio);
  });
}

void write_query_counts(JsonWriter& w, const char* key, const std::vector<QueryCount>& values) {
  write_object_array(w, key, values, [](JsonWriter& w, const QueryCount& q) {
    w.Key("query");
    write_string(w, q.query);
    w.Key("count");
    w.Int64(q.count);
    w.Key("last_total");
    w.Int64(q.last_total);
  });
}

// What people search for is analytics about the public's behaviour, not
// published data: only gov and admin keys read it (SECURITY.md).
Status may_read_query_log(const httplib::Request& req, const Auth& auth) {
  auto caller = auth.caller(req);
  if (!caller.is_ok()) return caller.status();
  if (caller->role != store::Role::kGov && !caller->admin())
    return Status::permission_denied("authorization: the query log is for gov and admin keys");
  return Status::ok();
}

}  // namespace

Result<search::InsightsRequest> parse_insights_request(const httplib::Request& req,
                                                       const search::Viewer& viewer) {
  auto search = parse_search_request(req);
  if (!search.is_ok()) return search.status();
  search::InsightsRequest r;
  r.search = std::move(search.value());
  r.search.viewer = viewer;
  if (req.has_param("limit")) {
    auto limit = int_param(req, "limit", 1, search::InsightsRequest::kMaxLimit);
    if (!limit.is_ok()) return limit.status();
    r.limit = static_cast<size_t>(limit.value());
  }
  return r;
}

void install_insights_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                             const Auth& auth, store::QueryLog* query_log) {
  http.Get("/api/v1/insights/demand",
           json_route(pool, auth, config, [](JsonContext& ctx, JsonWriter& w) {
             auto request = parse_insights_request(ctx.req, ctx.viewer);
             if (!request.is_ok()) return request.status();
             auto result = search::Insights(*ctx.searcher).demand(request.value());
             if (!result.is_ok()) return result.status();
             const search::DemandResult& d = result.value();
             w.Key("query");
             write_string(w, request->search.q);
             w.Key("total");
             w.Uint(d.total);
             w.Key("total_exact");
             w.Bool(d.total_exact);
             w.Key("counted");
             w.Uint(d.counted);
             w.Key("relaxed");
             w.Bool(d.relaxed);
             write_counts(w, "by_month", d.by_month);
             write_counts(w, "skills", d.skills);
             w.Key("salary");
             write_salary(w, d.salary);
             write_salary_groups(w, "salary_by_skill", d.salary_by_skill);
             write_salary_groups(w, "salary_by_education", d.salary_by_education);
             write_counts(w, "orgs", d.orgs);
             write_counts(w, "regions", d.regions);
             return Status::ok();
           }));

  http.Get("/api/v1/insights/gap",
           json_route(pool, auth, config, [](JsonContext& ctx, JsonWriter& w) {
             auto request = parse_insights_request(ctx.req, ctx.viewer);
             if (!request.is_ok()) return request.status();
             auto result = search::Insights(*ctx.searcher).gap(request.value());
             if (!result.is_ok()) return result.status();
             w.Key("query");
             write_string(w, request->search.q);
             w.Key("demand_total");
             w.Uint(result->demand_total);
             w.Key("supply_total");
             w.Uint(result->supply_total);
             write_gap_rows(w, "skills", result->skills);
             write_gap_rows(w, "majors", result->majors);
             return Status::ok();
           }));

  http.Get("/api/v1/insights/queries",
           json_route(
               pool, auth, config,
               [query_log, &auth](JsonContext& ctx, JsonWriter& w) {
                 if (Status allowed = may_read_query_log(ctx.req, auth); !allowed.is_ok())
                   return allowed;
                 if (query_log == nullptr) return Status::unavailable("the query log is off");
                 int64_t days = 30, limit = 20;
                 if (ctx.req.has_param("days")) {
                   auto v = int_param(ctx.req, "days", 1, kMaxDays);
                   if (!v.is_ok()) return v.status();
                   days = v.value();
                 }
                 if (ctx.req.has_param("limit")) {
                   auto v = int_param(ctx.req, "limit", 1, search::InsightsRequest::kMaxLimit);
                   if (!v.is_ok()) return v.status();
                   limit = v.value();
                 }
                 auto stats = query_log->stats(static_cast<int>(days), static_cast<size_t>(limit));
                 if (!stats.is_ok()) return stats.status();
                 w.Key("days");
                 w.Int64(days);
                 w.Key("searches");
                 w.Int64(stats->searches);
                 w.Key("no_result_searches");
                 w.Int64(stats->no_result);
                 write_query_counts(w, "top", stats->top);
                 write_query_counts(w, "no_results", stats->no_results);
                 write_object_array(w, "by_day", stats->by_day,
                                    [](JsonWriter& w, const DayCount& d) {
                                      w.Key("day");
                                      write_string(w, d.day);
                                      w.Key("searches");
                                      w.Int64(d.searches);
                                      w.Key("no_result");
                                      w.Int64(d.no_result);
                                    });
                 w.Key("dropped");
                 w.Int64(stats->dropped);
                 return Status::ok();
               },
               UsesIndex::kNo));
}

}  // namespace chanjiao::server
