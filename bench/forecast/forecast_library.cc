// The forecasting library without the server: reads one series per line on
// stdin and answers each with the forecast the route would give, as one JSON
// line. For bench/forecast/backtest.py --library (a check that the API and
// the library agree, and a fallback while the route is not built).
//
//   echo 'H FIRST_MONTH CUMULATIVE V1 V2 ... ' | build/bench/forecast_library
//
// FIRST_MONTH is the calendar month (1..12) of V1, CUMULATIVE 0 or 1 (values
// year-to-date: forecast their monthly flows), a missing value is NA. Prints
// {"model":..., "forecast":[{"value","lower80","upper80","lower95","upper95"}...],
//  "candidates":{MODEL:[points]...}} or {"error":...}. `candidates` are every model
// fitted on the same data without the backtest's choice, for diagnostics: how
// much the choice loses against each fixed model.
#include <iostream>
#include <sstream>
#include <string>

#include "forecast/forecast.h"

namespace fc = chanjiao::forecast;

namespace {

std::string answer(const std::string& line) {
  std::istringstream in(line);
  int h = 0, first_month = 0, cumulative = 0;
  if (!(in >> h >> first_month >> cumulative) || h < 1 || first_month < 1 || first_month > 12)
    return R"({"error":"expected H FIRST_MONTH CUMULATIVE VALUES..."})";
  fc::Values values;
  for (std::string word; in >> word;) {
    if (word == "NA") {
      values.push_back(std::nullopt);
      continue;
    }
    try {
      values.push_back(std::stod(word));
    } catch (const std::exception&) {
      return R"({"error":"not a number: )" + word + "\"}";
    }
  }
  if (cumulative) values = fc::ytd_to_flows(values, first_month);
  auto choice = fc::choose_and_forecast(values, 12, h);
  if (!choice) return R"({"error":"too little data"})";
  std::ostringstream out;
  out.precision(10);
  auto write_points = [&out](const std::vector<fc::Point>& points) {
    out << "[";
    for (size_t i = 0; i < points.size(); ++i) {
      const fc::Point& p = points[i];
      out << (i ? "," : "") << R"({"value":)" << p.value << R"(,"lower80":)" << p.lower80
          << R"(,"upper80":)" << p.upper80 << R"(,"lower95":)" << p.lower95 << R"(,"upper95":)"
          << p.upper95 << "}";
    }
    out << "]";
  };
  out << R"({"model":")" << fc::model_name(choice->model) << R"(","forecast":)";
  write_points(choice->forecast.points);
  out << R"(,"candidates":{)";
  std::vector<double> filled = fc::interpolate_gaps(values);
  bool first = true;
  for (fc::Model model :
       {fc::Model::kSeasonalNaive, fc::Model::kEtsDamped, fc::Model::kEtsDampedRobust,
        fc::Model::kSeasonalProfile, fc::Model::kCombination}) {
    auto f = fc::fit_and_forecast(filled, 12, h, model);
    if (!f) continue;
    out << (first ? "" : ",") << '"' << fc::model_name(model) << R"(":)";
    write_points(f->points);
    first = false;
  }
  out << "}}";
  return out.str();
}

}  // namespace

int main() {
  for (std::string line; std::getline(std::cin, line);) std::cout << answer(line) << std::endl;
  return 0;
}
