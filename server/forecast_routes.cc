#include "server/forecast_routes.h"

#include <string>

#include "core/document.h"
#include "forecast/series_forecast.h"
#include "search/insights.h"
#include "server/http_util.h"
#include "server/insights_routes.h"
#include "server/json_route.h"
#include "server/series_routes.h"

namespace chanjiao::server {
namespace {

using forecast::ForecastLimits;
using forecast::ForecastPeriod;
using forecast::PeriodValue;
using forecast::SeriesForecast;

// h and until; `until` is checked against the series' frequency by
// forecast_series, which knows it.
Result<forecast::SeriesForecastRequest> parse_forecast_request(const httplib::Request& req) {
  forecast::SeriesForecastRequest r;
  if (req.has_param("h")) {
    auto h = int_param(req, "h", 1, ForecastLimits::kMaxHorizon);
    if (!h.is_ok()) return h.status();
    r.h = static_cast<int>(h.value());
  }
  r.until = req.get_param_value("until");
  return r;
}

void write_nullable(JsonWriter& w, const std::optional<double>& v) {
  if (v)
    w.Double(*v);
  else
    w.Null();
}

void write_periods(JsonWriter& w, const SeriesForecast& f) {
  write_object_array(w, "forecast", f.periods, [](JsonWriter& w, const ForecastPeriod& p) {
    w.Key("period");
    write_string(w, p.period);
    for (auto [key, value] : {std::pair{"value", p.point.value},
                              {"lower80", p.point.lower80},
                              {"upper80", p.point.upper80},
                              {"lower95", p.point.lower95},
                              {"upper95", p.point.upper95}}) {
      w.Key(key);
      w.Double(value);
    }
  });
  if (!f.flows) return;
  write_object_array(w, "forecast_ytd", f.periods, [](JsonWriter& w, const ForecastPeriod& p) {
    w.Key("period");
    write_string(w, p.period);
    w.Key("value");
    write_nullable(w, p.ytd);
  });
}

// The scores of the chosen model and of seasonal naive on the same origins;
// null when the history allowed no backtest origin.
void write_backtest(JsonWriter& w, const forecast::Choice& c, int h) {
  w.Key("backtest");
  if (c.scores.origins == 0) {
    w.Null();
    return;
  }
  w.StartObject();
  w.Key("origins");
  w.Int(c.scores.origins);
  w.Key("h");
  w.Int(h);
  for (auto [key, value] : {std::pair{"mae", c.scores.mae},
                            {"mase", c.scores.mase},
                            {"smape", c.scores.smape},
                            {"coverage80", c.scores.coverage80},
                            {"coverage95", c.scores.coverage95}}) {
    w.Key(key);
    w.Double(value);
  }
  w.Key("baseline");
  write_string(w, forecast::model_name(forecast::Model::kSeasonalNaive));
  for (auto [key, value] : {std::pair{"baseline_mae", c.baseline_scores.mae},
                            {"baseline_mase", c.baseline_scores.mase},
                            {"baseline_smape", c.baseline_scores.smape}}) {
    w.Key(key);
    w.Double(value);
  }
  w.EndObject();
}

// What both forms answer after their own description of the data.
void write_forecast(JsonWriter& w, const SeriesForecast& f, int h) {
  auto str = [&w](const char* key, const std::string& value) {
    w.Key(key);
    write_string(w, value);
  };
  if (!f.history.empty()) {
    str("fitted_from", f.history.front().period);
    str("until", f.history.back().period);
  }
  if (!f.last_break.empty()) str("last_break", f.last_break);
  w.Key("observed");
  w.Int(f.observed);
  w.Key("needed");
  w.Int(f.needed);
  w.Key("insufficient_history");
  w.Bool(f.insufficient_history);
  write_object_array(w, "history", f.history, [](JsonWriter& w, const PeriodValue& p) {
    w.Key("period");
    write_string(w, p.period);
    w.Key("value");
    write_nullable(w, p.value);
  });
  if (!f.choice) return;
  str("model", forecast::model_name(f.choice->model));
  write_periods(w, f);
  write_backtest(w, *f.choice, h);
}

Status answer_series(SearcherPool& pool, store::DocumentStore* store, JsonContext& ctx,
                     JsonWriter& w) {
  auto request = parse_forecast_request(ctx.req);
  if (!request.is_ok()) return request.status();
  const std::string id = ctx.req.get_param_value("series");
  if (!valid_id(id)) return Status::invalid_argument("series: expected a series id");
  auto series = find_series(pool, store, ctx.viewer, id);
  if (!series.is_ok()) return series.status();
  auto f = forecast::forecast_series(series.value(), request.value());
  if (!f.is_ok()) return f.status();
  w.Key("series");
  write_string(w, id);
  for (auto [key, value] : {std::pair{"name", &series->title},
                            {"unit", &series->unit},
                            {"frequency", &series->frequency}}) {
    w.Key(key);
    write_string(w, *value);
  }
  w.Key("cumulative");
  w.Bool(series->cumulative);
  w.Key("target");
  write_string(w, !f->flows                  ? "value"
                  : series->frequency == "M" ? "monthly_flow"
                                             : "quarterly_flow");
  write_forecast(w, f.value(), request->h);
  return Status::ok();
}

// Job postings per month as a series: what demand's by_month counts.
Document postings_per_month(const search::DemandResult& demand) {
  Document doc;
  doc.id = "postings";
  doc.type = DocType::kSeries;
  doc.frequency = "M";
  for (const search::CountValue& month : demand.by_month)
    doc.observations.push_back({month.value, static_cast<double>(month.count), ""});
  return doc;
}

Status answer_postings(JsonContext& ctx, JsonWriter& w) {
  auto request = parse_forecast_request(ctx.req);
  if (!request.is_ok()) return request.status();
  auto insights = parse_insights_request(ctx.req, ctx.viewer);
  if (!insights.is_ok()) return insights.status();
  auto demand = search::Insights(*ctx.searcher).demand(insights.value());
  if (!demand.is_ok()) return demand.status();
  auto f = forecast::forecast_series(postings_per_month(demand.value()), request.value());
  if (!f.is_ok()) return f.status();
  w.Key("query");
  write_string(w, insights->search.q);
  w.Key("counted");
  w.Uint(demand->counted);
  w.Key("frequency");
  write_string(w, "M");
  w.Key("target");
  write_string(w, "postings_per_month");
  write_forecast(w, f.value(), request->h);
  return Status::ok();
}

}  // namespace

void install_forecast_routes(Router& http, SearcherPool& pool, const ServerConfig& config,
                             store::DocumentStore* store, const Auth& auth) {
  http.Get("/api/v1/insights/forecast",
           json_route(pool, auth, config, [&pool, store](JsonContext& ctx, JsonWriter& w) {
             if (ctx.req.has_param("series")) return answer_series(pool, store, ctx, w);
             return answer_postings(ctx, w);
           }));
}

}  // namespace chanjiao::server
