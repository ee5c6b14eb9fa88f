// Forecasts of published statistical series (core::Document of type series)
// and of monthly posting counts: the calendar around forecast/forecast.h.
//
// What the real series need and this layer does, so that callers (the
// /api/v1/insights/forecast route, the bench) never repeat it:
// - `until` cuts the data (a backtest from the outside asks "what would you
//   have said in 2023-06?");
// - the fit starts at the last declared break at or before `until`: values
//   before a methodology break are not the same quantity;
// - missing periods stay gaps on a regular calendar (interpolated for fitting
//   only, by the component);
// - a year-to-date series is forecast as flows per period (month or quarter)
//   and re-accumulated, and
//   both are reported;
// - a series that was never negative is not forecast below zero;
// - with fewer than two seasons and two points of history (the least the ETS
//   model fits on) the answer says so instead of drawing a curve.
// Thread-safe: pure functions of their arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/status.h"
#include "forecast/forecast.h"

namespace chanjiao::forecast {

struct ForecastLimits {
  static constexpr int kDefaultHorizon = 12;
  static constexpr int kMaxHorizon = 36;
  static constexpr int kBacktestOrigins = 4;
};

// Observations per season: M 12, Q 4, Y 1 (0 for an unknown frequency).
int season_length(std::string_view frequency);

// The period `steps` after `period` (canonical for `frequency`), e.g.
// ("M", "2024-11", 3) → "2025-02"; ("Q", "2024-Q4", 1) → "2025-Q1".
std::string add_periods(std::string_view frequency, std::string_view period, int steps);

struct SeriesForecastRequest {
  int h = ForecastLimits::kDefaultHorizon;  // 1..kMaxHorizon
  std::string until;                        // empty, or canonical for the series' frequency
};

struct PeriodValue {
  std::string period;
  std::optional<double> value;  // nullopt: not observed (a gap)
};

struct ForecastPeriod {
  std::string period;
  Point point;
  std::optional<double> ytd;  // year-to-date re-accumulation, cumulative series only
};

struct SeriesForecast {
  // The data the model saw: from the last break (or the first observation)
  // to `until`, on a regular calendar; flows per period for a cumulative series.
  std::vector<PeriodValue> history;
  bool flows = false;                 // history and forecast are flows of a YTD series
  int observed = 0;                   // values present in `history`
  int needed = 0;                     // the least `observed` that is forecast
  std::string last_break;             // the break the fit starts at, or empty
  bool insufficient_history = false;  // then `choice` is empty and `periods` too
  std::optional<Choice> choice;
  std::vector<ForecastPeriod> periods;  // h periods after history.back()
};

// kInvalidArgument for h outside 1..kMaxHorizon, an `until` that is not a
// period of the series' frequency, or a frequency without calendar. No observation at or before
// `until` is insufficient history (observed 0), like any too short series.
Result<SeriesForecast> forecast_series(const Document& series,
                                       const SeriesForecastRequest& request);

}  // namespace chanjiao::forecast
