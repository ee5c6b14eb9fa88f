#include "forecast/series_forecast.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace chanjiao;
using namespace chanjiao::forecast;

namespace {

// A monthly series from `first` (YYYY-MM) with n values: level 5, seasons
// +-0.3, a little deterministic noise.
Document monthly_series(const std::string& first, int n) {
  Document doc;
  doc.id = "test-rate";
  doc.type = DocType::kSeries;
  doc.frequency = "M";
  doc.unit = "%";
  for (int t = 0; t < n; ++t)
    doc.observations.push_back({add_periods("M", first, t),
                                5 + 0.3 * std::sin(2 * M_PI * t / 12) + 0.05 * std::sin(t * 7.3),
                                ""});
  return doc;
}

Result<SeriesForecast> run(const Document& doc, int h = 12, std::string until = "") {
  return forecast_series(doc, SeriesForecastRequest{h, std::move(until)});
}

}  // namespace

TEST_CASE("add_periods and season_length follow the calendar of each frequency") {
  CHECK(add_periods("M", "2024-11", 3) == "2025-02");
  CHECK(add_periods("M", "2024-01", -1) == "2023-12");
  CHECK(add_periods("Q", "2024-Q4", 1) == "2025-Q1");
  CHECK(add_periods("Y", "2024", 2) == "2026");
  CHECK(season_length("M") == 12);
  CHECK(season_length("Q") == 4);
  CHECK(season_length("Y") == 1);
  CHECK(season_length("W") == 0);
}

TEST_CASE("a forecast continues the calendar after the last observation, intervals nested") {
  auto f = run(monthly_series("2018-01", 60), 12);
  REQUIRE(f.is_ok());
  REQUIRE_FALSE(f->insufficient_history);
  REQUIRE(f->periods.size() == 12);
  CHECK(f->periods.front().period == "2023-01");
  CHECK(f->periods.back().period == "2023-12");
  // Five years: the combination has one backtest origin (it needs four
  // seasons of history), and seasonal naive is scored on the same one.
  CHECK(f->choice->model == Model::kCombination);
  CHECK(f->choice->scores.origins == 1);
  CHECK(f->choice->baseline_scores.origins == 1);
  for (const ForecastPeriod& p : f->periods) {
    CHECK(p.point.lower95 <= p.point.lower80);
    CHECK(p.point.lower80 <= p.point.value);
    CHECK(p.point.value <= p.point.upper80);
    CHECK(p.point.upper80 <= p.point.upper95);
    CHECK_FALSE(p.ytd.has_value());
  }
}

TEST_CASE("until cuts the data: the forecast is what the model would have said then") {
  Document doc = monthly_series("2018-01", 60);
  auto cut = run(doc, 6, "2021-06");
  REQUIRE(cut.is_ok());
  CHECK(cut->history.back().period == "2021-06");
  CHECK(cut->periods.front().period == "2021-07");
  // The same as a series that really ended there.
  doc.observations.resize(42);
  auto ended = run(doc, 6);
  REQUIRE(ended.is_ok());
  for (int i = 0; i < 6; ++i) CHECK(cut->periods[i].point.value == ended->periods[i].point.value);
}

TEST_CASE("the fit never crosses a declared break at or before until") {
  Document doc = monthly_series("2015-01", 96);
  doc.breaks.push_back({"2019-01", "new method"});
  auto after = run(doc);
  REQUIRE(after.is_ok());
  CHECK(after->last_break == "2019-01");
  CHECK(after->history.front().period == "2019-01");
  CHECK(after->observed == 48);
  // Asked from before the break, the break does not exist yet.
  auto before = run(doc, 12, "2018-12");
  REQUIRE(before.is_ok());
  CHECK(before->last_break.empty());
  CHECK(before->history.front().period == "2015-01");
}

TEST_CASE("too little history since the break is said, not forecast") {
  Document doc = monthly_series("2020-01", 40);
  doc.breaks.push_back({"2021-06", ""});  // leaves 23 months
  auto f = run(doc);
  REQUIRE(f.is_ok());
  CHECK(f->insufficient_history);
  CHECK(f->observed == 23);
  CHECK(f->needed == 26);
  CHECK(f->periods.empty());
  CHECK_FALSE(f->choice.has_value());
}

TEST_CASE("gaps stay gaps in the history and do not count as observed") {
  Document doc = monthly_series("2018-01", 60);
  doc.observations.erase(doc.observations.begin() + 30, doc.observations.begin() + 33);
  auto f = run(doc);
  REQUIRE(f.is_ok());
  REQUIRE(f->history.size() == 60);
  CHECK_FALSE(f->history[30].value.has_value());
  CHECK(f->history[30].period == "2020-07");
  CHECK(f->observed == 57);
  CHECK(f->periods.size() == 12);
}

TEST_CASE("a year-to-date series is forecast as monthly flows and re-accumulated") {
  Document doc;
  doc.id = "test-ytd";
  doc.type = DocType::kSeries;
  doc.frequency = "M";
  doc.unit = "万人";
  doc.cumulative = true;
  // 2018-03 .. 2023-08: flows 100 + 10 in March; Jan and Feb published together.
  for (int year = 2018; year <= 2023; ++year) {
    double total = 0;
    for (int month = 1; month <= 12; ++month) {
      if (year == 2023 && month > 8) break;
      total += month == 3 ? 110 : 100;
      if (month == 1 || (year == 2018 && month < 3)) continue;
      char period[8];
      std::snprintf(period, sizeof period, "%04d-%02d", year, month);
      doc.observations.push_back({period, total, ""});
    }
  }
  auto f = run(doc, 6);
  REQUIRE(f.is_ok());
  CHECK(f->flows);
  // The series starts in March: March's flow is unknown, April's the first.
  CHECK(f->history.front().period == "2018-04");
  CHECK(f->history.front().value == doctest::Approx(100));
  REQUIRE(f->history[9].period == "2019-01");
  CHECK(f->history[9].value == doctest::Approx(100));  // the Jan-Feb release, shared
  REQUIRE(f->periods.size() == 6);
  CHECK(f->periods.front().period == "2023-09");
  for (const ForecastPeriod& p : f->periods) {
    CHECK(p.point.value == doctest::Approx(100).epsilon(0.05));
    REQUIRE(p.ytd.has_value());
  }
  CHECK(*f->periods[0].ytd == doctest::Approx(810 + f->periods[0].point.value));
  CHECK(f->periods[4].period == "2024-01");  // January starts a new year's total
  CHECK(*f->periods[4].ytd == doctest::Approx(f->periods[4].point.value));
}

TEST_CASE("a quarterly year-to-date series is forecast as quarterly flows") {
  Document doc;
  doc.id = "test-ytd-q";
  doc.type = DocType::kSeries;
  doc.frequency = "Q";
  doc.unit = "万人";
  doc.cumulative = true;
  for (int year = 2015; year <= 2024; ++year) {
    double total = 0;
    for (int q = 1; q <= 4; ++q) {
      total += q == 1 ? 250 : 300;
      doc.observations.push_back({std::to_string(year) + "-Q" + std::to_string(q), total, ""});
    }
  }
  auto f = run(doc, 5);
  REQUIRE(f.is_ok());
  CHECK(f->flows);
  CHECK(f->history[1].value == doctest::Approx(300));  // Q2: its total minus Q1's
  REQUIRE(f->periods.size() == 5);
  CHECK(f->periods.front().period == "2025-Q1");
  CHECK(f->periods[0].point.value == doctest::Approx(250).epsilon(0.02));
  CHECK(*f->periods[1].ytd ==
        doctest::Approx(f->periods[0].point.value + f->periods[1].point.value));
  CHECK(*f->periods[4].ytd == doctest::Approx(f->periods[4].point.value));  // 2026-Q1 anew
}

TEST_CASE("a series that was never negative is not forecast below zero") {
  Document doc = monthly_series("2018-01", 60);
  // About 0.1 with seasons of +-0.3, floored at zero: a rate near its floor.
  for (Observation& obs : doc.observations) obs.value = std::max(0.0, obs.value - 4.9);
  auto f = run(doc);
  REQUIRE(f.is_ok());
  for (const ForecastPeriod& p : f->periods) {
    CHECK(p.point.lower95 >= 0);
    CHECK(p.point.value >= 0);
  }
}

TEST_CASE("bad requests are invalid arguments naming the parameter") {
  Document doc = monthly_series("2018-01", 60);
  auto zero = run(doc, 0);
  CHECK(zero.status().code() == StatusCode::kInvalidArgument);
  CHECK(zero.status().message().starts_with("h:"));
  CHECK(run(doc, 37).status().code() == StatusCode::kInvalidArgument);
  auto quarter = run(doc, 12, "2020-Q1");
  CHECK(quarter.status().code() == StatusCode::kInvalidArgument);
  CHECK(quarter.status().message().starts_with("until:"));
  CHECK(run(doc, 12, "2020-13").status().code() == StatusCode::kInvalidArgument);
  auto early = run(doc, 12, "2017-06");  // before the first observation: nothing to go on
  REQUIRE(early.is_ok());
  CHECK(early->insufficient_history);
  CHECK(early->observed == 0);
}
