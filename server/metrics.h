// Metrics: request counts by route and status and a latency histogram,
// rendered in the Prometheus text format at /metrics. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace chanjiao::server {

class Metrics {
 public:
  void record(const std::string& route, int status, double seconds);
  // `gauges` are appended as-is (`name value` lines), e.g. the index size.
  std::string render(const std::map<std::string, double>& gauges) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::array<uint64_t, kBuckets.size()> bucket_counts_{};
  uint64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace chanjiao::server
