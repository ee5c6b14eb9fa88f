#include "forecast/forecast.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

using namespace chanjiao::forecast;

namespace {
// A monthly series: level 100, trend 0.5 a month, seasons +-10.
std::vector<double> seasonal_series(int n, double noise_amplitude = 0) {
  std::vector<double> y;
  for (int t = 0; t < n; ++t)
    y.push_back(100 + 0.5 * t + 10 * std::sin(2 * M_PI * t / 12) +
                noise_amplitude * std::sin(t * 7.3));
  return y;
}
Values as_values(const std::vector<double>& y) {
  return Values(y.begin(), y.end());
}
}  // namespace

TEST_CASE("interpolate_gaps fills interior gaps linearly and edges with the nearest value") {
  Values v{std::nullopt, 2.0, std::nullopt, std::nullopt, 8.0, std::nullopt};
  CHECK(interpolate_gaps(v) == std::vector<double>{2, 2, 4, 6, 8, 8});
  CHECK(interpolate_gaps(Values{std::nullopt}).empty());
}

TEST_CASE("ytd_to_flows: January is its value, later months differences, a gap shares") {
  // Jan missing (combined Jan-Feb release), Feb 20, Mar 35, Apr missing, May 60.
  Values ytd{std::nullopt, 20.0, 35.0, std::nullopt, 60.0};
  Values flows = ytd_to_flows(ytd, 1);
  CHECK(*flows[0] == doctest::Approx(10));
  CHECK(*flows[1] == doctest::Approx(10));
  CHECK(*flows[2] == doctest::Approx(15));
  CHECK(*flows[3] == doctest::Approx(12.5));
  CHECK(*flows[4] == doctest::Approx(12.5));
}

TEST_CASE("ytd_to_flows restarts in January and leaves a trailing gap missing") {
  // Nov 90, Dec missing, Jan 5, Feb 12 (series starts in November: no base for it).
  Values flows = ytd_to_flows(Values{90.0, std::nullopt, 5.0, 12.0}, 11);
  CHECK_FALSE(flows[0]);
  CHECK_FALSE(flows[1]);
  CHECK(*flows[2] == doctest::Approx(5));
  CHECK(*flows[3] == doctest::Approx(7));
}

TEST_CASE("flows_to_ytd re-accumulates and restarts in January") {
  CHECK(flows_to_ytd({3, 4, 5}, 11, 90) == std::vector<double>{93, 97, 5});
  CHECK(flows_to_ytd({1, 2}, 1, 50) == std::vector<double>{1, 3});
}

TEST_CASE("seasonal naive repeats the last season with widening intervals") {
  std::vector<double> y{1, 2, 3, 4, 2, 3, 4, 5};  // period 4, seasonal differences all 1
  auto f = fit_and_forecast(y, 4, 8, Model::kSeasonalNaive);
  REQUIRE(f);
  CHECK(f->sigma == doctest::Approx(1));
  CHECK(f->points[0].value == 2);
  CHECK(f->points[3].value == 5);
  CHECK(f->points[4].value == 2);
  CHECK(f->points[0].upper95 - f->points[0].value == doctest::Approx(1.959964));
  CHECK(f->points[4].upper95 - f->points[4].value == doctest::Approx(1.959964 * std::sqrt(2)));
}

TEST_CASE("ETS tracks trend and seasonality of a clean series") {
  auto y = seasonal_series(72);
  auto f = fit_and_forecast(y, 12, 12, Model::kEtsDamped);
  REQUIRE(f);
  // Within 3 %: the damped trend (phi <= 0.98) deliberately falls behind a
  // perfectly linear trend as the horizon grows.
  auto future = seasonal_series(84);
  for (int j = 0; j < 12; ++j)
    CHECK(f->points[j].value == doctest::Approx(future[72 + j]).epsilon(0.03));
}

TEST_CASE("intervals are ordered and widen with the horizon") {
  auto y = seasonal_series(60, 3);
  for (Model m : {Model::kSeasonalNaive, Model::kEtsDamped, Model::kEtsDampedRobust,
                  Model::kSeasonalProfile, Model::kCombination}) {
    auto f = fit_and_forecast(y, 12, 24, m);
    REQUIRE(f);
    for (const Point& p : f->points) {
      CHECK(p.lower95 <= p.lower80);
      CHECK(p.lower80 <= p.value);
      CHECK(p.value <= p.upper80);
      CHECK(p.upper80 <= p.upper95);
    }
    CHECK(f->points[23].upper95 - f->points[23].lower95 >
          f->points[0].upper95 - f->points[0].lower95);
  }
}

TEST_CASE("the seasonal profile is last year's mean plus the median shape of three years") {
  // Period 2, 4 cycles: (10,20) (10,20) (0,40) (12,22). Deviations from each
  // cycle's mean over the last three: (-5,+5) (-20,+20) (-5,+5), median (-5,+5);
  // last mean 17. Seasonal naive would say (12,22) here too; the shock year
  // (0,40) does not set the shape.
  std::vector<double> y{10, 20, 10, 20, 0, 40, 12, 22};
  auto f = fit_and_forecast(y, 2, 4, Model::kSeasonalProfile);
  REQUIRE(f);
  CHECK(f->points[0].value == doctest::Approx(12));
  CHECK(f->points[1].value == doctest::Approx(22));
  CHECK(f->points[2].value == doctest::Approx(12));
  // Its one-step spread is the RMS of its own one-step errors on the history:
  // from origin 6 (mean 20, shape -5/+5 → 15) it misses 12 by 3; from origin 7
  // (cycles (40,12) (20,0) (20,10): mean 26, median deviation +10 → 36) it
  // misses 22 by 14. Step 3 is a cycle further: sqrt(2) wider.
  double sigma = std::sqrt((3.0 * 3 + 14.0 * 14) / 2);
  CHECK(f->sigma == doctest::Approx(sigma));
  CHECK(f->points[2].upper95 - f->points[2].value ==
        doctest::Approx(1.959964 * sigma * std::sqrt(2)));
  CHECK_FALSE(fit_and_forecast({10, 20, 10, 20, 0, 40}, 2, 2, Model::kSeasonalProfile));
}

TEST_CASE("the combination is the median of the four models, step by step and bound by bound") {
  auto y = seasonal_series(60, 3);
  std::vector<Forecast> members;
  for (Model m : {Model::kSeasonalNaive, Model::kEtsDamped, Model::kEtsDampedRobust,
                  Model::kSeasonalProfile}) {
    auto f = fit_and_forecast(y, 12, 12, m);
    REQUIRE(f);
    members.push_back(*f);
  }
  auto combined = fit_and_forecast(y, 12, 12, Model::kCombination);
  REQUIRE(combined);
  CHECK(combined->model == Model::kCombination);
  auto median_of = [&](int j, double Point::*field) {
    std::vector<double> v;
    for (const Forecast& f : members) v.push_back(f.points[j].*field);
    std::sort(v.begin(), v.end());
    return (v[1] + v[2]) / 2;
  };
  for (int j = 0; j < 12; ++j) {
    CHECK(combined->points[j].value == doctest::Approx(median_of(j, &Point::value)));
    CHECK(combined->points[j].lower95 == doctest::Approx(median_of(j, &Point::lower95)));
    CHECK(combined->points[j].upper80 == doctest::Approx(median_of(j, &Point::upper80)));
  }
  // Needs what its members need: four seasons for the profile.
  CHECK_FALSE(fit_and_forecast(seasonal_series(47), 12, 12, Model::kCombination));
  CHECK(fit_and_forecast(seasonal_series(48), 12, 12, Model::kCombination));
}

TEST_CASE("too little data gives no forecast") {
  CHECK_FALSE(fit_and_forecast({1, 2, 3}, 12, 12, Model::kSeasonalNaive));
  CHECK_FALSE(fit_and_forecast(seasonal_series(20), 12, 12, Model::kEtsDamped));
}

TEST_CASE("yearly series without seasons: damped trend continues the trend") {
  std::vector<double> y;
  for (int t = 0; t < 12; ++t) y.push_back(10 + 2.0 * t);
  auto f = fit_and_forecast(y, 1, 3, Model::kEtsDamped);
  REQUIRE(f);
  CHECK(f->points[0].value > y.back());
  CHECK(f->points[0].value == doctest::Approx(34).epsilon(0.05));
}

TEST_CASE("the robust filter is pulled less by a one-off shock") {
  auto y = seasonal_series(84, 1);
  for (int t = 60; t < 63; ++t) y[t] -= 60;  // a 2020-like drop, then recovery
  auto plain = fit_and_forecast(y, 12, 12, Model::kEtsDamped);
  auto robust = fit_and_forecast(y, 12, 12, Model::kEtsDampedRobust);
  REQUIRE(plain);
  REQUIRE(robust);
  auto future = seasonal_series(96, 1);
  double err_plain = 0, err_robust = 0;
  for (int j = 0; j < 12; ++j) {
    err_plain += std::abs(plain->points[j].value - future[84 + j]);
    err_robust += std::abs(robust->points[j].value - future[84 + j]);
  }
  CHECK(err_robust <= err_plain);
  CHECK(robust->sigma < plain->sigma);
}

TEST_CASE("backtest scores seasonal naive exactly on a hand-checkable series") {
  // Period 2, y = 0,1,1,2,2,3,... (+1 per cycle): seasonal naive is always 1 off.
  Values v;
  for (int t = 0; t < 20; ++t) v.push_back(t / 2 + (t % 2));
  auto s = backtest(v, 2, 2, Model::kSeasonalNaive, 4, 1);
  REQUIRE(s);
  CHECK(s->origins == 4);
  CHECK(s->mae == doctest::Approx(1));
  CHECK(s->mase == doctest::Approx(1));
}

TEST_CASE("choose_and_forecast uses the combination when the history allows it") {
  auto y = seasonal_series(96, 1);
  Values v = as_values(y);
  v[40] = std::nullopt;  // a missing month
  auto c = choose_and_forecast(v, 12, 12);
  REQUIRE(c);
  CHECK(c->model == Model::kCombination);
  CHECK(c->scores.origins == 4);
  CHECK(c->baseline_scores.origins == 4);
  CHECK(c->scores.mae < c->baseline_scores.mae);  // a trend seasonal naive cannot follow
  CHECK(c->forecast.points.size() == 12);
}

TEST_CASE("choose_and_forecast picks among seasonal naive and ETS on a shorter history") {
  // 40 months: too few for the profile's four seasons, enough for ETS and an origin.
  Values v = as_values(seasonal_series(40, 1));
  auto c = choose_and_forecast(v, 12, 12);
  REQUIRE(c);
  CHECK(c->model != Model::kCombination);
  CHECK(c->model != Model::kSeasonalProfile);
  CHECK(c->scores.origins >= 1);
  CHECK(c->scores.mase <= c->baseline_scores.mase);
}
