#include "forecast/series_forecast.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace chanjiao::forecast {
namespace {

int digits(std::string_view s, size_t from, size_t count) {
  int v = 0;
  for (size_t i = from; i < from + count; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// A canonical period as a count of periods since year 0, so that the
// calendar is plain integer arithmetic.
int64_t period_index(std::string_view frequency, std::string_view period) {
  const int64_t year = digits(period, 0, 4);
  if (frequency == "M") return year * 12 + digits(period, 5, 2) - 1;
  if (frequency == "Q") return year * 4 + digits(period, 6, 1) - 1;
  return year;
}

std::string period_at(std::string_view frequency, int64_t index) {
  char buf[16];
  if (frequency == "M")
    std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(index / 12),
                  static_cast<int>(index % 12 + 1));
  else if (frequency == "Q")
    std::snprintf(buf, sizeof buf, "%04d-Q%d", static_cast<int>(index / 4),
                  static_cast<int>(index % 4 + 1));
  else
    std::snprintf(buf, sizeof buf, "%04d", static_cast<int>(index));
  return buf;
}

Status check_request(const Document& series, const SeriesForecastRequest& request) {
  if (request.h < 1 || request.h > ForecastLimits::kMaxHorizon)
    return Status::invalid_argument("h: expected 1.." +
                                    std::to_string(ForecastLimits::kMaxHorizon));
  if (season_length(series.frequency) == 0)
    return Status::invalid_argument("series " + series.id + " has no calendar frequency");
  if (!request.until.empty() && !valid_period(series.frequency, request.until))
    return Status::invalid_argument("until: expected " +
                                    std::string(period_format(series.frequency)) + " for series " +
                                    series.id + " (frequency " + series.frequency + ")");
  return Status::ok();
}

// Canonical periods of one frequency compare as strings.
bool at_or_before(const std::string& period, const std::string& until) {
  return until.empty() || period <= until;
}

// The last declared break at or before `until`, or empty.
std::string last_break(const Document& series, const std::string& until) {
  std::string found;
  for (const SeriesBreak& b : series.breaks)
    if (at_or_before(b.period, until)) found = b.period;
  return found;
}

// The observations from `from` (empty: the first) to `until`, on a regular
// calendar: gaps are nullopt.
std::vector<PeriodValue> calendar(const Document& series, const std::string& from,
                                  const std::string& until) {
  std::vector<const Observation*> kept;
  for (const Observation& obs : series.observations)
    if (obs.period >= from && at_or_before(obs.period, until)) kept.push_back(&obs);
  std::vector<PeriodValue> out;
  if (kept.empty()) return out;
  const int64_t first = period_index(series.frequency, kept.front()->period);
  const int64_t last = period_index(series.frequency, kept.back()->period);
  out.resize(static_cast<size_t>(last - first + 1));
  for (int64_t i = first; i <= last; ++i) out[i - first].period = period_at(series.frequency, i);
  for (const Observation* obs : kept)
    out[period_index(series.frequency, obs->period) - first].value = obs->value;
  return out;
}

// 1-based: the month of a monthly period, the quarter of a quarterly one.
int position_in_year(std::string_view frequency, const std::string& period) {
  return static_cast<int>(period_index(frequency, period) % season_length(frequency)) + 1;
}

// Year-to-date values → flows per period, without the periods whose flow
// cannot be known (a series that starts mid-year has none until January).
std::vector<PeriodValue> to_flows(std::string_view frequency, const std::vector<PeriodValue>& ytd) {
  Values values;
  for (const PeriodValue& p : ytd) values.push_back(p.value);
  Values flows = ytd_to_flows(values, position_in_year(frequency, ytd.front().period),
                              season_length(frequency));
  std::vector<PeriodValue> out;
  for (size_t i = 0; i < ytd.size(); ++i) {
    if (out.empty() && !flows[i]) continue;
    out.push_back({ytd[i].period, flows[i]});
  }
  return out;
}

void clamp_at_zero(Point& p) {
  for (double* v : {&p.value, &p.lower80, &p.upper80, &p.lower95, &p.upper95})
    *v = std::max(0.0, *v);
}

// The chosen model's h points on the calendar after the history.
std::vector<ForecastPeriod> forecast_periods(std::string_view frequency, const SeriesForecast& f,
                                             int h, bool never_negative) {
  std::vector<ForecastPeriod> out;
  for (int i = 0; i < h; ++i) {
    ForecastPeriod p{add_periods(frequency, f.history.back().period, i + 1),
                     f.choice->forecast.points[i], std::nullopt};
    if (never_negative) clamp_at_zero(p.point);
    out.push_back(std::move(p));
  }
  return out;
}

// Year-to-date totals of forecast flows; `last_ytd` is the published total of
// the period before the first forecast period (the history ends at an
// observed period, so it is known).
void reaccumulate(std::string_view frequency, std::vector<ForecastPeriod>& periods,
                  double last_ytd) {
  std::vector<double> flows;
  for (const ForecastPeriod& p : periods) flows.push_back(p.point.value);
  const std::vector<double> ytd =
      flows_to_ytd(flows, position_in_year(frequency, periods.front().period), last_ytd,
                   season_length(frequency));
  for (size_t i = 0; i < periods.size(); ++i) periods[i].ytd = ytd[i];
}

}  // namespace

int season_length(std::string_view frequency) {
  if (frequency == "M") return 12;
  if (frequency == "Q") return 4;
  if (frequency == "Y") return 1;
  return 0;
}

std::string add_periods(std::string_view frequency, std::string_view period, int steps) {
  return period_at(frequency, period_index(frequency, period) + steps);
}

Result<SeriesForecast> forecast_series(const Document& series,
                                       const SeriesForecastRequest& request) {
  if (Status s = check_request(series, request); !s.is_ok()) return s;
  SeriesForecast out;
  out.last_break = last_break(series, request.until);
  out.history = calendar(series, out.last_break, request.until);
  const std::vector<PeriodValue> ytd = out.history;
  if (series.cumulative && !ytd.empty()) {
    out.history = to_flows(series.frequency, ytd);
    out.flows = true;
  }
  const int period = season_length(series.frequency);
  out.needed = 2 * period + 2;
  Values values;
  bool never_negative = true;
  for (const PeriodValue& p : out.history) {
    values.push_back(p.value);
    out.observed += p.value.has_value();
    never_negative = never_negative && p.value.value_or(0) >= 0;
  }
  if (out.observed < out.needed) {  // also when nothing was observed up to `until`
    out.insufficient_history = true;
    return out;
  }
  out.choice = choose_and_forecast(values, period, request.h, ForecastLimits::kBacktestOrigins);
  if (!out.choice) {
    out.insufficient_history = true;
    return out;
  }
  out.periods = forecast_periods(series.frequency, out, request.h, never_negative);
  if (out.flows) reaccumulate(series.frequency, out.periods, ytd.back().value.value_or(0));
  return out;
}

}  // namespace chanjiao::forecast
