// RateLimiter: one tenant's per-minute request limits (PUT /__emulator/rate-limits,
// --rate-limits). Sliding one-minute windows measured on the tenant's VIRTUAL clock: a
// request is let through when fewer than `per_minute` requests of its bucket were let
// through in the 60 s before it (refused requests do not count). Buckets: each rule
// (method + PathPattern) is one bucket shared by every request it matches; a request no
// rule matches counts against default_per_minute in a bucket of its own endpoint
// (method + route pattern). Knows nothing about HTTP servers.
// Not thread-safe: guarded by the owning tenant's mutex.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "control/path_pattern.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

struct RateLimitRule {
  std::string method = "*";  // upper case, or "*"
  PathPattern path;
  int per_minute = 0;
};

struct RateLimitConfig {
  static constexpr int kMaxPerMinute = 1'000'000;

  bool enabled = false;
  std::vector<RateLimitRule> limits;             // tried in order; the first match wins
  std::optional<int> default_per_minute = 1000;  // nullopt: other endpoints unlimited

  // The vendor's documented limits (500/min for POST /call, /v2/agent/{agent_id} and
  // GET /v2/agent/{agent_id}/executions; 1000/min for every other endpoint).
  static RateLimitConfig documented(bool enabled);
  // Validates a PUT body; throws std::invalid_argument naming the bad field. Omitted
  // `limits` / `default_per_minute` take the documented values; `enabled` defaults to true.
  static RateLimitConfig parse(const Json& body);
  Json to_json() const;
};

struct RateDecision {
  bool allowed = true;
  int per_minute = 0;
  std::string bucket;     // e.g. "POST /call", "/v2/agent/{agent_id}", "GET /v2/agent/all"
  int retry_after_s = 0;  // when refused: whole seconds until a slot frees (>= 1)
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimitConfig config = {}) : config_(std::move(config)) {}

  // Replaces the configuration and forgets every window.
  void configure(RateLimitConfig config);
  const RateLimitConfig& config() const { return config_; }
  bool enabled() const { return config_.enabled; }

  // Decides for one request at virtual time `now` and counts it when allowed. Always
  // allowed when disabled or when no limit applies.
  RateDecision check(const std::string& method, const std::string& path,
                     const std::string& route_pattern, TimePoint now);

  // Forgets every window, keeps the configuration.
  void clear_windows() { windows_.clear(); }

  // Requests counted in each bucket's current window at `now`:
  // [{"bucket", "per_minute", "used"}], by bucket name.
  Json usage(TimePoint now) const;

 private:
  struct Window {
    int per_minute = 0;
    std::deque<TimePoint> stamps;  // requests let through, oldest first
  };
  static void prune(Window& w, TimePoint now);

  RateLimitConfig config_;
  std::map<std::string, Window> windows_;
};

}  // namespace bolna
