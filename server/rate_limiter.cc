#include "server/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace chanjiao::server {

RateLimiter::RateLimiter(double rate, double burst) : rate_(rate), burst_(std::max(burst, 1.0)) {}

int64_t RateLimiter::acquire(const std::string& key, double cost, Clock::time_point now) {
  if (rate_ <= 0) return 0;
  std::lock_guard lock(mu_);
  auto [it, added] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (now > b.updated) {
    double earned = std::chrono::duration<double>(now - b.updated).count() * rate_;
    b.tokens = std::min(burst_, b.tokens + earned);
    b.updated = now;
  }
  double needed = std::min(cost, burst_);
  if (b.tokens >= needed) {
    b.tokens -= cost;
    return 0;
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((needed - b.tokens) / rate_)));
}

}  // namespace chanjiao::server
