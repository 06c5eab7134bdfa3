#include "control/rate_limiter.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/json_text.h"

namespace bolna {

namespace {

constexpr auto kWindow = std::chrono::seconds(60);

[[noreturn]] void invalid(const std::string& message) { throw std::invalid_argument(message); }

RateLimitRule rule(const std::string& method, const std::string& path, int per_minute) {
  RateLimitRule r;
  r.method = method;
  r.path = *PathPattern::parse(path, "path", nullptr);
  r.per_minute = per_minute;
  return r;
}

int per_minute_value(const Json& v, const std::string& field) {
  if (!v.is_number_integer())
    invalid(field + " must be an integer number of requests per minute, got " + dump_json(v));
  int64_t n = v.get<int64_t>();
  if (n < 1 || n > RateLimitConfig::kMaxPerMinute)
    invalid(field + " must be between 1 and " + std::to_string(RateLimitConfig::kMaxPerMinute) +
            ", got " + std::to_string(n));
  return static_cast<int>(n);
}

std::string bucket_name(const std::string& method, const std::string& path) {
  return method == "*" ? path : method + " " + path;
}

}  // namespace

RateLimitConfig RateLimitConfig::documented(bool enabled) {
  RateLimitConfig c;
  c.enabled = enabled;
  c.limits = {rule("POST", "/call", 500), rule("*", "/v2/agent/{agent_id}", 500),
              rule("GET", "/v2/agent/{agent_id}/executions", 500)};
  c.default_per_minute = 1000;
  return c;
}

RateLimitConfig RateLimitConfig::parse(const Json& body) {
  if (!body.is_object()) invalid("The rate-limit settings must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    (void)value;
    if (name != "enabled" && name != "limits" && name != "default_per_minute")
      invalid("Unknown field '" + name + "'; expected enabled, limits, default_per_minute");
  }
  RateLimitConfig c = documented(true);
  if (body.contains("enabled")) {
    if (!body["enabled"].is_boolean()) invalid("enabled must be true or false");
    c.enabled = body["enabled"].get<bool>();
  }
  if (body.contains("default_per_minute")) {
    const Json& d = body["default_per_minute"];
    c.default_per_minute =
        d.is_null() ? std::nullopt : std::optional<int>(per_minute_value(d, "default_per_minute"));
  }
  if (body.contains("limits")) {
    const Json& list = body["limits"];
    if (!list.is_array()) invalid("limits must be an array of {method, path, per_minute}");
    c.limits.clear();
    for (size_t i = 0; i < list.size(); ++i) {
      std::string at = "limits[" + std::to_string(i) + "]";
      const Json& item = list[i];
      if (!item.is_object()) invalid(at + " must be an object {method, path, per_minute}");
      for (const auto& [name, value] : item.items()) {
        (void)value;
        if (name != "method" && name != "path" && name != "per_minute")
          invalid(at + " has unknown field '" + name + "'; expected method, path, per_minute");
      }
      RateLimitRule r;
      if (item.contains("method")) {
        if (!item["method"].is_string()) invalid(at + ".method must be a string");
        std::string m = item["method"].get<std::string>();
        std::transform(m.begin(), m.end(), m.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        static const std::set<std::string> kMethods = {"*",   "GET",   "POST",
                                                       "PUT", "PATCH", "DELETE"};
        if (!kMethods.count(m))
          invalid(at + ".method must be one of GET, POST, PUT, PATCH, DELETE or \"*\", got \"" +
                  item["method"].get<std::string>() + "\"");
        r.method = m;
      }
      if (!item.contains("path") || !item["path"].is_string())
        invalid(at + ".path is required: a string such as \"/call\"");
      std::string error;
      auto path = PathPattern::parse(item["path"].get<std::string>(), at + ".path", &error);
      if (!path) invalid(error);
      r.path = *path;
      if (!item.contains("per_minute")) invalid(at + ".per_minute is required");
      r.per_minute = per_minute_value(item["per_minute"], at + ".per_minute");
      c.limits.push_back(std::move(r));
    }
  }
  return c;
}

Json RateLimitConfig::to_json() const {
  Json list = Json::array();
  for (const RateLimitRule& r : limits)
    list.push_back({{"method", r.method}, {"path", r.path.text()}, {"per_minute", r.per_minute}});
  return Json{
      {"enabled", enabled},
      {"limits", list},
      {"default_per_minute", default_per_minute ? Json(*default_per_minute) : Json(nullptr)}};
}

void RateLimiter::configure(RateLimitConfig config) {
  config_ = std::move(config);
  windows_.clear();
}

void RateLimiter::prune(Window& w, TimePoint now) {
  // A clock set backwards leaves stamps "in the future": they no longer count.
  while (!w.stamps.empty() && w.stamps.back() > now) w.stamps.pop_back();
  while (!w.stamps.empty() && w.stamps.front() <= now - kWindow) w.stamps.pop_front();
}

RateDecision RateLimiter::check(const std::string& method, const std::string& path,
                                const std::string& route_pattern, TimePoint now) {
  RateDecision d;
  if (!config_.enabled || path.rfind("/__emulator", 0) == 0) return d;
  const RateLimitRule* hit = nullptr;
  for (const RateLimitRule& r : config_.limits) {
    if ((r.method == "*" || r.method == method) && r.path.matches(path, route_pattern)) {
      hit = &r;
      break;
    }
  }
  if (hit) {
    d.bucket = bucket_name(hit->method, hit->path.text());
    d.per_minute = hit->per_minute;
  } else {
    if (!config_.default_per_minute) return d;
    d.bucket = bucket_name(method, route_pattern.empty() ? path : route_pattern);
    d.per_minute = *config_.default_per_minute;
  }
  Window& w = windows_[d.bucket];
  w.per_minute = d.per_minute;
  prune(w, now);
  if (static_cast<int>(w.stamps.size()) < d.per_minute) {
    w.stamps.push_back(now);
    return d;
  }
  d.allowed = false;
  auto wait = w.stamps.front() + kWindow - now;  // > 0 after prune
  auto secs = std::chrono::ceil<std::chrono::seconds>(wait).count();
  d.retry_after_s = static_cast<int>(std::max<int64_t>(1, secs));
  return d;
}

Json RateLimiter::usage(TimePoint now) const {
  Json list = Json::array();
  for (const auto& [bucket, w] : windows_) {
    int used = 0;
    for (TimePoint t : w.stamps)
      if (t > now - kWindow && t <= now) ++used;
    list.push_back({{"bucket", bucket}, {"per_minute", w.per_minute}, {"used", used}});
  }
  return list;
}

}  // namespace bolna
