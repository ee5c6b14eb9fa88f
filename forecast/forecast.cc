#include "forecast/forecast.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace chanjiao::forecast {
namespace {

constexpr double kZ80 = 1.2815515655446004;
constexpr double kZ95 = 1.959963984540054;
constexpr double kHuge = std::numeric_limits<double>::max() / 4;

double sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

// Smoothing parameters in the error-correction form of Hyndman et al.
// (2008): l += a e, b = phi b + beta e, s += gamma e, with the usual
// admissible region 0 < beta < alpha, 0 < gamma < 1 - alpha, phi in [0.8, 0.98].
struct Params {
  double alpha, beta, gamma, phi;
};
Params to_params(const std::array<double, 4>& u) {
  double alpha = 0.001 + 0.998 * sigmoid(u[0]);
  return {alpha, alpha * sigmoid(u[1]), (1 - alpha) * sigmoid(u[2]), 0.8 + 0.18 * sigmoid(u[3])};
}

struct State {
  double level = 0, trend = 0;
  std::vector<double> season;  // season[i] is the index of position i mod period
};

// Classical start: level the mean of the first cycle, trend the change of
// cycle means, seasons the first cycle's deviations.
State initial_state(const std::vector<double>& y, int m) {
  State s;
  if (m == 1) {
    s.level = y[0];
    s.trend = y[1] - y[0];
    s.season.assign(1, 0.0);
    return s;
  }
  double mean1 = std::accumulate(y.begin(), y.begin() + m, 0.0) / m;
  double mean2 = std::accumulate(y.begin() + m, y.begin() + 2 * m, 0.0) / m;
  s.level = mean1;
  s.trend = (mean2 - mean1) / m;
  s.season.resize(m);
  for (int i = 0; i < m; ++i) s.season[i] = y[i] - mean1;
  return s;
}

// Runs the filter over y; returns the one-step SSE and leaves the final
// state in `s`. `clip` > 0 bounds each innovation to +-clip before it
// updates the states (robust filter), while the SSE uses the raw error
// capped the same way so one shock does not dominate the fit.
double run_filter(const std::vector<double>& y, int m, const Params& p, double clip, State& s,
                  std::vector<double>* residuals) {
  s = initial_state(y, m);
  double sse = 0;
  for (size_t t = 0; t < y.size(); ++t) {
    double& season = s.season[t % m];
    double predicted = s.level + p.phi * s.trend + (m > 1 ? season : 0.0);
    double e = y[t] - predicted;
    if (residuals) residuals->push_back(e);
    if (clip > 0) e = std::clamp(e, -clip, clip);
    sse += e * e;
    s.level = s.level + p.phi * s.trend + p.alpha * e;
    s.trend = p.phi * s.trend + p.beta * e;
    if (m > 1) season += p.gamma * e;
  }
  return std::isfinite(sse) ? sse : kHuge;
}

// Nelder-Mead on the unconstrained parameters (standard coefficients:
// reflection 1, expansion 2, contraction 0.5, shrink 0.5).
template <class F>
std::array<double, 4> nelder_mead(F f, std::array<double, 4> start, int iterations) {
  constexpr int n = 4;
  std::array<std::array<double, 4>, n + 1> x;
  std::array<double, n + 1> fx;
  for (int i = 0; i <= n; ++i) {
    x[i] = start;
    if (i > 0) x[i][i - 1] += 1.0;
    fx[i] = f(x[i]);
  }
  auto point = [&](const std::array<double, 4>& c, const std::array<double, 4>& w, double t) {
    std::array<double, 4> r;
    for (int k = 0; k < n; ++k) r[k] = c[k] + t * (w[k] - c[k]);
    return r;
  };
  for (int it = 0; it < iterations; ++it) {
    std::array<int, n + 1> order;
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return fx[a] < fx[b]; });
    int best = order[0], worst = order[n], second = order[n - 1];
    if (std::abs(fx[worst] - fx[best]) <= 1e-10 * (std::abs(fx[best]) + 1e-12)) break;
    std::array<double, 4> centroid{};
    for (int i = 0; i <= n; ++i)
      if (i != worst)
        for (int k = 0; k < n; ++k) centroid[k] += x[i][k] / n;
    auto reflected = point(centroid, x[worst], -1.0);
    double fr = f(reflected);
    if (fr < fx[best]) {
      auto expanded = point(centroid, x[worst], -2.0);
      double fe = f(expanded);
      if (fe < fr)
        x[worst] = expanded, fx[worst] = fe;
      else
        x[worst] = reflected, fx[worst] = fr;
    } else if (fr < fx[second]) {
      x[worst] = reflected, fx[worst] = fr;
    } else {
      auto contracted = point(centroid, x[worst], 0.5);
      double fc = f(contracted);
      if (fc < fx[worst]) {
        x[worst] = contracted, fx[worst] = fc;
      } else {
        for (int i = 0; i <= n; ++i)
          if (i != best) x[i] = point(x[best], x[i], 0.5), fx[i] = f(x[i]);
      }
    }
  }
  return x[std::min_element(fx.begin(), fx.end()) - fx.begin()];
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  return v[mid];
}

// Robust scale of the series' seasonal differences (1.4826 MAD): the clip
// for the robust filter is 2.5 of it, so the 2020 drop moves the states by
// a bounded step instead of resetting level and seasons.
double robust_clip(const std::vector<double>& y, int m) {
  std::vector<double> d;
  for (size_t t = m; t < y.size(); ++t) d.push_back(y[t] - y[t - m]);
  double med = median(d);
  for (double& v : d) v = std::abs(v - med);
  return 2.5 * 1.4826 * std::max(median(d), 1e-9);
}

Point interval(double value, double sd) {
  return {value, value - kZ80 * sd, value + kZ80 * sd, value - kZ95 * sd, value + kZ95 * sd};
}

std::optional<Forecast> seasonal_naive(const std::vector<double>& y, int m, int h) {
  if (static_cast<int>(y.size()) < m + 1) return std::nullopt;
  double sse = 0;
  for (size_t t = m; t < y.size(); ++t) sse += (y[t] - y[t - m]) * (y[t] - y[t - m]);
  Forecast f{Model::kSeasonalNaive, {}, std::sqrt(sse / (y.size() - m))};
  size_t n = y.size();
  for (int j = 1; j <= h; ++j) {
    int cycles = (j - 1) / m;  // how many whole seasons the step repeats
    f.points.push_back(interval(y[n - m + (j - 1) % m], f.sigma * std::sqrt(cycles + 1.0)));
  }
  return f;
}

std::optional<Forecast> ets(const std::vector<double>& y, int m, int h, bool robust) {
  if (static_cast<int>(y.size()) < 2 * m + 2) return std::nullopt;
  double clip = robust ? robust_clip(y, m) : 0.0;
  State s;
  auto sse = [&](const std::array<double, 4>& u) {
    return run_filter(y, m, to_params(u), clip, s, nullptr);
  };
  Params p = to_params(nelder_mead(sse, {-1.0, -2.0, -2.0, 1.0}, 400));
  std::vector<double> residuals;
  run_filter(y, m, p, 0.0, s, &residuals);
  if (robust) run_filter(y, m, p, clip, s, nullptr);
  // The first cycle only fits the initial state; the variance comes from the rest.
  size_t skip = std::min<size_t>(m, residuals.size() / 2);
  double ss = 0;
  std::vector<double> tail(residuals.begin() + skip, residuals.end());
  if (robust) {
    // Scale by MAD so the 2020 outliers do not widen every interval.
    double mad = 1.4826 * median([&] {
                   std::vector<double> a;
                   for (double r : tail) a.push_back(std::abs(r - median(tail)));
                   return a;
                 }());
    ss = mad * mad * tail.size();
  } else {
    for (double r : tail) ss += r * r;
  }
  Forecast f{robust ? Model::kEtsDampedRobust : Model::kEtsDamped,
             {},
             std::sqrt(ss / std::max<size_t>(1, tail.size()))};
  // Analytic h-step variance of the linear ETS class (Hyndman et al. 2008,
  // ch. 6): sigma^2 (1 + sum_{j<h} c_j^2), c_j = alpha + beta phi_j + gamma [j mod m == 0].
  double phi_power = 1, damp_sum = 0, c_sq_sum = 0;
  size_t n = y.size();
  for (int j = 1; j <= h; ++j) {
    phi_power *= p.phi;
    damp_sum += phi_power;
    double value = s.level + damp_sum * s.trend + (m > 1 ? s.season[(n + j - 1) % m] : 0.0);
    f.points.push_back(interval(value, f.sigma * std::sqrt(1 + c_sq_sum)));
    double c = p.alpha + p.beta * damp_sum + ((m > 1 && j % m == 0) ? p.gamma : 0.0);
    c_sq_sum += c * c;
  }
  return f;
}

// The point forecast of the seasonal profile model for the h steps after
// y[0, n): the mean of the last 12 months plus, per position of the season,
// the median over the last kProfileYears cycles of that position's deviation
// from its cycle's mean. Seasonal naive is the same with one cycle; the
// median of three keeps a shock year (2020) from setting the shape, and
// averages away the month-to-month noise of a single year.
constexpr int kProfileYears = 3;
std::vector<double> profile_points(const std::vector<double>& y, size_t n, int m, int h) {
  std::vector<std::vector<double>> deviations(m);
  double last_mean = 0;
  for (int k = 0; k < kProfileYears; ++k) {
    size_t begin = n - (k + 1) * m;
    double mean = std::accumulate(y.begin() + begin, y.begin() + begin + m, 0.0) / m;
    if (k == 0) last_mean = mean;
    for (int i = 0; i < m; ++i) deviations[i].push_back(y[begin + i] - mean);
  }
  std::vector<double> points;
  for (int j = 0; j < h; ++j) points.push_back(last_mean + median(deviations[j % m]));
  return points;
}

std::optional<Forecast> seasonal_profile(const std::vector<double>& y, int m, int h) {
  if (m < 2 || static_cast<int>(y.size()) < (kProfileYears + 1) * m) return std::nullopt;
  // The spread at step j (j <= m) is the RMS of the model's own j-step errors
  // on the history, from every origin with three cycles before it: the bounds
  // carry whatever the series did, shocks included. Steps past one cycle
  // widen by sqrt(cycles + 1), as seasonal naive's do.
  int reach = std::min(h, m);
  std::vector<double> sq_sum(reach, 0.0);
  std::vector<int> count(reach, 0);
  for (size_t origin = kProfileYears * m; origin < y.size(); ++origin) {
    int steps = std::min<int>(reach, y.size() - origin);
    std::vector<double> past = profile_points(y, origin, m, steps);
    for (int j = 0; j < steps; ++j) {
      double e = y[origin + j] - past[j];
      sq_sum[j] += e * e;
      ++count[j];
    }
  }
  std::vector<double> values = profile_points(y, y.size(), m, h);
  Forecast f{Model::kSeasonalProfile, {}, std::sqrt(sq_sum[0] / count[0])};
  for (int j = 0; j < h; ++j) {
    int within = std::min(j % m, reach - 1);
    double sd = std::sqrt(sq_sum[within] / count[within]) * std::sqrt(j / m + 1.0);
    f.points.push_back(interval(values[j], sd));
  }
  return f;
}

// The median, per step and per bound, of seasonal naive, both ETS and the
// seasonal profile. A median of forecasts of different kinds ignores the one
// that a shock or a break has thrown furthest (Jose and Winkler 2008); taking
// the median of each quantile is the quantile-averaging rule of Lichtendahl
// et al. (2013), whose bounds are at least as wide as the typical member's.
std::optional<Forecast> combination(const std::vector<double>& y, int m, int h) {
  std::vector<Forecast> members;
  for (auto* fit : {&seasonal_naive, &seasonal_profile}) {
    auto f = (*fit)(y, m, h);
    if (!f) return std::nullopt;
    members.push_back(*f);
  }
  for (bool robust : {false, true}) {
    auto f = ets(y, m, h, robust);
    if (!f) return std::nullopt;
    members.push_back(*f);
  }
  auto median_of = [&](int j, double Point::*field) {
    std::vector<double> v;
    for (const Forecast& f : members) v.push_back(f.points[j].*field);
    std::sort(v.begin(), v.end());
    return (v[1] + v[2]) / 2;  // four members
  };
  Forecast f{Model::kCombination, {}, 0};
  for (const Forecast& member : members) f.sigma += member.sigma / members.size();
  for (int j = 0; j < h; ++j)
    f.points.push_back({median_of(j, &Point::value), median_of(j, &Point::lower80),
                        median_of(j, &Point::upper80), median_of(j, &Point::lower95),
                        median_of(j, &Point::upper95)});
  return f;
}

}  // namespace

std::vector<double> interpolate_gaps(const Values& values) {
  std::vector<double> out(values.size());
  int prev = -1;
  for (int i = 0; i < static_cast<int>(values.size()); ++i) {
    if (!values[i]) continue;
    out[i] = *values[i];
    for (int k = prev + 1; k < i; ++k)
      out[k] = prev < 0 ? *values[i]
                        : *values[prev] + (*values[i] - *values[prev]) * (k - prev) / (i - prev);
    prev = i;
  }
  if (prev < 0) return {};
  for (size_t k = prev + 1; k < values.size(); ++k) out[k] = *values[prev];
  return out;
}

Values ytd_to_flows(const Values& ytd, int first_month, int periods_per_year) {
  Values flows(ytd.size());
  double base = 0;                    // YTD of the last observed month of this year
  int run_start = 0;                  // first month after that observation
  bool have_base = first_month == 1;  // a series starting mid-year has none at first
  for (int i = 0; i < static_cast<int>(ytd.size()); ++i) {
    int month = (first_month - 1 + i) % periods_per_year + 1;
    if (month == 1) base = 0, run_start = i, have_base = true;
    if (!ytd[i]) continue;
    if (have_base) {
      double share = (*ytd[i] - base) / (i - run_start + 1);
      for (int k = run_start; k <= i; ++k) flows[k] = share;
    }
    base = *ytd[i];
    run_start = i + 1;
    have_base = true;
  }
  return flows;
}

std::vector<double> flows_to_ytd(const std::vector<double>& flows, int first_month, double last_ytd,
                                 int periods_per_year) {
  std::vector<double> out;
  double total = first_month == 1 ? 0 : last_ytd;
  for (size_t i = 0; i < flows.size(); ++i) {
    if ((first_month - 1 + static_cast<int>(i)) % periods_per_year == 0) total = 0;
    total += flows[i];
    out.push_back(total);
  }
  return out;
}

const char* model_name(Model model) {
  switch (model) {
    case Model::kSeasonalNaive:
      return "seasonal_naive";
    case Model::kEtsDamped:
      return "ets_damped_additive";
    case Model::kEtsDampedRobust:
      return "ets_damped_additive_robust";
    case Model::kSeasonalProfile:
      return "seasonal_profile";
    case Model::kCombination:
      return "median_combination";
  }
  return "unknown";
}

std::optional<Forecast> fit_and_forecast(const std::vector<double>& history, int period, int h,
                                         Model model) {
  if (period < 1 || h < 1) return std::nullopt;
  if (model == Model::kSeasonalNaive) return seasonal_naive(history, period, h);
  if (model == Model::kSeasonalProfile) return seasonal_profile(history, period, h);
  if (model == Model::kCombination) return combination(history, period, h);
  return ets(history, period, h, model == Model::kEtsDampedRobust);
}

std::optional<Scores> backtest(const Values& values, int period, int h, Model model, int origins,
                               int step) {
  Scores scores;
  double abs_sum = 0, scaled_sum = 0, smape_sum = 0;
  int count = 0, in80 = 0, in95 = 0;
  int n = static_cast<int>(values.size());
  for (int i = 0; i < origins; ++i) {
    int origin = n - h - i * step;
    if (origin <= 0) break;
    std::vector<double> train = interpolate_gaps(Values(values.begin(), values.begin() + origin));
    auto f = fit_and_forecast(train, period, h, model);
    if (!f) break;
    double naive_mae = 0;
    for (int t = period; t < origin; ++t) naive_mae += std::abs(train[t] - train[t - period]);
    naive_mae /= std::max(1, origin - period);
    if (naive_mae <= 0) naive_mae = 1e-9;
    for (int j = 0; j < h; ++j) {
      const auto& actual = values[origin + j];
      if (!actual) continue;
      const Point& p = f->points[j];
      double err = std::abs(*actual - p.value);
      abs_sum += err;
      scaled_sum += err / naive_mae;
      double denom = std::abs(*actual) + std::abs(p.value);
      smape_sum += denom > 0 ? 200.0 * err / denom : 0.0;
      in80 += *actual >= p.lower80 && *actual <= p.upper80;
      in95 += *actual >= p.lower95 && *actual <= p.upper95;
      ++count;
    }
    ++scores.origins;
  }
  if (scores.origins == 0 || count == 0) return std::nullopt;
  scores.mae = abs_sum / count;
  scores.mase = scaled_sum / count;
  scores.smape = smape_sum / count;
  scores.coverage80 = static_cast<double>(in80) / count;
  scores.coverage95 = static_cast<double>(in95) / count;
  return scores;
}

std::optional<Choice> choose_and_forecast(const Values& values, int period, int h, int origins) {
  std::vector<double> filled = interpolate_gaps(values);
  int step = std::max(1, period / 2);
  // The combination whenever the history allows it: picking the single model
  // with the best backtest lost to it on every series measured, because a
  // handful of origins cannot tell the models apart (DESIGN.md, "Forecasts").
  // Its backtest then uses the origins with enough history before them (maybe
  // none), and seasonal naive is scored on the same ones.
  if (auto combined = fit_and_forecast(filled, period, h, Model::kCombination)) {
    Choice choice{Model::kCombination, {}, {}, *combined};
    if (auto scores = backtest(values, period, h, Model::kCombination, origins, step)) {
      choice.scores = *scores;
      choice.baseline_scores =
          *backtest(values, period, h, Model::kSeasonalNaive, scores->origins, step);
    }
    return choice;
  }
  // A shorter history: the lowest backtest MASE among seasonal naive and the
  // two ETS (seasonal naive on ties), fewer origins when needed (at least 1).
  std::optional<Scores> baseline;
  int used = origins;
  for (; used >= 1 && !baseline; --used)
    if (static_cast<int>(values.size()) - h - (used - 1) * step >= 2 * period + 2)
      baseline = backtest(values, period, h, Model::kSeasonalNaive, used, step);
  ++used;
  auto naive = fit_and_forecast(filled, period, h, Model::kSeasonalNaive);
  if (!naive) return std::nullopt;
  Choice choice{Model::kSeasonalNaive, baseline.value_or(Scores{}), baseline.value_or(Scores{}),
                *naive};
  if (!baseline) return choice;
  for (Model model : {Model::kEtsDamped, Model::kEtsDampedRobust}) {
    auto scores = backtest(values, period, h, model, used, step);
    if (!scores || scores->mase >= choice.scores.mase) continue;
    auto f = fit_and_forecast(filled, period, h, model);
    if (!f) continue;
    choice.model = model;
    choice.scores = *scores;
    choice.forecast = *f;
  }
  return choice;
}

}  // namespace chanjiao::forecast
