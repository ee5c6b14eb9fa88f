#include "server/rate_limiter.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace chanjiao::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("a new key may spend its whole burst at once, then waits for the rate") {
  RateLimiter limiter(/*rate=*/2, /*burst=*/10);
  auto t0 = RateLimiter::Clock::time_point{} + seconds(100);
  CHECK(limiter.acquire("k", 10, t0) == 0);
  // Empty: one unit needs half a second, reported as a whole second.
  CHECK(limiter.acquire("k", 1, t0) == 1);
  CHECK(limiter.acquire("k", 1, t0 + milliseconds(499)) == 1);
  CHECK(limiter.acquire("k", 1, t0 + milliseconds(500)) == 0);
  // Six units at 2/s from empty: 3 s.
  CHECK(limiter.acquire("k", 6, t0 + milliseconds(500)) == 3);
}

TEST_CASE("a refused request spends nothing") {
  RateLimiter limiter(1, 5);
  auto t0 = RateLimiter::Clock::time_point{} + seconds(100);
  CHECK(limiter.acquire("k", 5, t0) == 0);
  for (int i = 0; i < 10; ++i) CHECK(limiter.acquire("k", 1, t0) == 1);
  CHECK(limiter.acquire("k", 1, t0 + seconds(1)) == 0);
}

TEST_CASE("the bucket never holds more than the burst") {
  RateLimiter limiter(1, 5);
  auto t0 = RateLimiter::Clock::time_point{} + seconds(100);
  CHECK(limiter.acquire("k", 1, t0) == 0);
  // An hour idle earns 3600 units, but the bucket holds 5.
  CHECK(limiter.acquire("k", 5, t0 + seconds(3600)) == 0);
  CHECK(limiter.acquire("k", 1, t0 + seconds(3600)) == 1);
}

TEST_CASE("keys have separate buckets") {
  RateLimiter limiter(1, 3);
  auto t0 = RateLimiter::Clock::time_point{} + seconds(100);
  CHECK(limiter.acquire("a", 3, t0) == 0);
  CHECK(limiter.acquire("a", 1, t0) == 1);
  CHECK(limiter.acquire("b", 3, t0) == 0);
}

TEST_CASE("a cost above the burst goes through from a full bucket and leaves a debt") {
  RateLimiter limiter(10, 100);
  auto t0 = RateLimiter::Clock::time_point{} + seconds(100);
  CHECK(limiter.acquire("k", 1000, t0) == 0);  // 100 - 1000 = -900
  // 901 units short for one more: 90.1 s at 10/s.
  CHECK(limiter.acquire("k", 1, t0) == 91);
  CHECK(limiter.acquire("k", 1000, t0 + seconds(90)) == 10);  // needs a full bucket again
  CHECK(limiter.acquire("k", 1000, t0 + seconds(100)) == 0);
}

TEST_CASE("rate 0 is unlimited") {
  RateLimiter limiter(0, 1);
  for (int i = 0; i < 1000; ++i) CHECK(limiter.acquire("k", 1000) == 0);
}

TEST_CASE("concurrent callers never spend more than the bucket holds") {
  RateLimiter limiter(1e-9, 1000);  // practically no refill during the test
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        if (limiter.acquire("shared", 1) == 0) ++admitted;
    });
  for (auto& t : threads) t.join();
  CHECK(admitted.load() == 1000);
}

}  // namespace
}  // namespace chanjiao::server
