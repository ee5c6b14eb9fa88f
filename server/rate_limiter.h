// RateLimiter: a token bucket per API key, for the publishing routes (issue
// 17, SECURITY.md "Publishing rate limit").
//
// Each key earns `rate` units a second into a bucket that holds at most
// `burst`; a request spends its cost (for publishing: the number of documents
// it writes). A new key starts with a full bucket. Only keys that passed
// authentication get a bucket, so the map is bounded by the store's keys.
// Thread-safe (one mutex; a lookup and a few arithmetic operations under it).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace chanjiao::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `rate` units per second (<= 0: unlimited, acquire always admits), a bucket
  // of `burst` units (at least one).
  RateLimiter(double rate, double burst);

  // Spends `cost` units of `key`'s bucket at time `now`. Returns 0 when the
  // request is admitted; otherwise, without spending anything, the whole
  // seconds (>= 1) after which the same request would be admitted: the
  // `Retry-After` value. A cost above `burst` is admitted from a full bucket
  // and leaves it in debt, so no request is refused forever.
  int64_t acquire(const std::string& key, double cost, Clock::time_point now = Clock::now());

  double rate() const { return rate_; }
  double burst() const { return burst_; }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  const double rate_;
  const double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace chanjiao::server
