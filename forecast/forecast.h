// Forecasting of regular statistical series (monthly, quarterly, yearly).
//
// Pure numerics: no I/O, no Xapian, no HTTP. All functions are thread-safe
// (they only read their arguments). Values are doubles in the unit of the
// series; a missing observation is std::nullopt.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace chanjiao::forecast {

using Values = std::vector<std::optional<double>>;

// Linear interpolation of interior gaps; leading/trailing gaps are filled
// with the nearest observation. Used for fitting only: forecasts and
// backtests are scored on observed values. Empty if no value is present.
std::vector<double> interpolate_gaps(const Values& values);

// Year-to-date cumulative values to flows per period: months by default,
// quarters with periods_per_year 4. `first_month` is the period of the year
// (1..periods_per_year) of values[0]. January's flow is its YTD value;
// month m's is YTD(m) - YTD(m-1). A run of missing months followed by an
// observed month of the same year (e.g. MOHRSS's combined Jan-Feb release)
// shares that month's increment equally; missing months not followed by an
// observation in the same year stay missing.
Values ytd_to_flows(const Values& ytd, int first_month, int periods_per_year = 12);

// Inverse of ytd_to_flows for a forecast continuing after `last_ytd` (the
// YTD value of the month before flows[0]; 0 when flows[0] is January).
std::vector<double> flows_to_ytd(const std::vector<double>& flows, int first_month, double last_ytd,
                                 int periods_per_year = 12);

enum class Model {
  kSeasonalNaive,
  kEtsDamped,        // ETS(A,Ad,A): additive errors, damped trend, additive seasons
  kEtsDampedRobust,  // the same, innovations clipped (Gelper, Fried and Croux 2010)
  kSeasonalProfile,  // last year's mean plus the median seasonal shape of the last 3 years
  kCombination,      // the median of the four above, per step and per bound
};
const char* model_name(Model model);

struct Point {
  double value = 0, lower80 = 0, upper80 = 0, lower95 = 0, upper95 = 0;
};

struct Forecast {
  Model model = Model::kSeasonalNaive;
  std::vector<Point> points;  // h points following the last value
  double sigma = 0;           // one-step residual standard deviation
};

// Forecasts h steps after `history` (no gaps; season length `period` >= 1,
// 1 meaning no seasonality). Needs at least 2 * period + 2 values for the
// ETS models and period + 1 for seasonal naive; returns nullopt otherwise.
std::optional<Forecast> fit_and_forecast(const std::vector<double>& history, int period, int h,
                                         Model model);

struct Scores {
  int origins = 0;
  double mae = 0, mase = 0, smape = 0;    // smape in percent (0..200)
  double coverage80 = 0, coverage95 = 0;  // share of held-back actuals inside
};

// Rolling-origin backtest: at each origin the model sees the (interpolated)
// values before it and forecasts h steps; scored against the observed
// values only. Origins end at n - h and step back by `step`. MASE is scaled
// per origin by the in-sample seasonal-naive MAE of the data before it.
std::optional<Scores> backtest(const Values& values, int period, int h, Model model, int origins,
                               int step);

struct Choice {
  Model model;
  Scores scores;           // of the chosen model
  Scores baseline_scores;  // of seasonal naive, same origins
  Forecast forecast;       // the chosen model fitted on all values
};

// The combination whenever the history is long enough to fit it (four
// seasons), backtested at those of the `origins` origins with four seasons
// before them (none: empty scores), seasonal naive on the same ones. For a
// shorter history, the lowest backtest MASE among seasonal naive and the two
// ETS (seasonal naive on ties), with fewer origins when needed (at least 1).
// nullopt when not even seasonal naive can be fitted.
std::optional<Choice> choose_and_forecast(const Values& values, int period, int h, int origins = 4);

}  // namespace chanjiao::forecast
