#include "server/metrics.h"

#include <sstream>

namespace chanjiao::server {

void Metrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  ++count_;
  sum_ += seconds;
}

std::string Metrics::render(const std::map<std::string, double>& gauges) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP chanjiao_http_requests_total HTTP requests by route and status.\n"
         "# TYPE chanjiao_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "chanjiao_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
        << "\"} " << n << '\n';
  out << "# HELP chanjiao_http_request_duration_seconds Request latency.\n"
         "# TYPE chanjiao_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i)
    out << "chanjiao_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} "
        << bucket_counts_[i] << '\n';
  out << "chanjiao_http_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << '\n'
      << "chanjiao_http_request_duration_seconds_sum " << sum_ << '\n'
      << "chanjiao_http_request_duration_seconds_count " << count_ << '\n';
  for (const auto& [name, value] : gauges)
    out << "# TYPE " << name << " gauge\n" << name << ' ' << value << '\n';
  return out.str();
}

}  // namespace chanjiao::server
