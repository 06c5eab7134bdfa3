#include "metrics/emulator_metrics.h"

#include <malloc.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace bolna::metrics {

namespace {

const std::vector<double> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10};
const std::vector<double> kLagBuckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                         0.25,  0.5,   1,    2.5,   5,    10};

}  // namespace

std::string method_label(const std::string& method) {
  std::string m;
  for (char c : method) m += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* known : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"})
    if (m == known) return m;
  return "OTHER";
}

ProcessStats parse_process_status(const std::string& text) {
  ProcessStats out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto number_after = [&](const char* prefix) -> std::optional<double> {
      std::string p = prefix;
      if (line.rfind(p, 0) != 0) return std::nullopt;
      try {
        return std::stod(line.substr(p.size()));
      } catch (...) {
        return std::nullopt;
      }
    };
    if (auto kb = number_after("VmRSS:")) out.resident_bytes = *kb * 1024.0;  // "kB"
    if (auto n = number_after("Threads:")) out.threads = *n;
  }
  return out;
}

ProcessStats read_process_stats() {
  std::ifstream f("/proc/self/status");
  if (!f) return {};
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_process_status(ss.str());
}

HeapStats read_heap_stats() {
  HeapStats out;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  struct mallinfo2 m = mallinfo2();
  out.allocated_bytes = static_cast<double>(m.uordblks + m.hblkhd);
  out.free_bytes = static_cast<double>(m.fordblks);
#endif
  return out;
}

void SinkMirror::stored(const std::string& name) {
  std::lock_guard l(mu_);
  size_t& n = bodies_[name];
  if (n < body_limit_) n += 1;
}

void SinkMirror::cleared(const std::string& name) {
  std::lock_guard l(mu_);
  bodies_.erase(name);
}

void SinkMirror::cleared_all() {
  std::lock_guard l(mu_);
  bodies_.clear();
}

size_t SinkMirror::names() const {
  std::lock_guard l(mu_);
  return bodies_.size();
}

size_t SinkMirror::bodies() const {
  std::lock_guard l(mu_);
  size_t total = 0;
  for (const auto& [name, n] : bodies_) total += n;
  return total;
}

EmulatorMetrics::EmulatorMetrics(size_t sink_body_limit)
    : http_requests(registry_.counter("bolna_emulator_http_requests_total",
                                      "HTTP requests answered, by route pattern, method and status",
                                      {"route", "method", "status"})),
      http_duration(registry_.histogram(
          "bolna_emulator_http_request_duration_seconds",
          "Wall time from routing to the final response (fault delays included), by route "
          "pattern and method",
          {"route", "method"}, kLatencyBuckets)),
      transitions(registry_.counter("bolna_emulator_execution_transitions_total",
                                    "Execution status changes, by the status entered", {"status"})),
      batch_transitions(registry_.counter("bolna_emulator_batch_transitions_total",
                                          "Batch status changes, by the status entered",
                                          {"status"})),
      webhook_attempts(registry_.counter("bolna_emulator_webhook_attempts_total",
                                         "Webhook delivery attempts, by subject kind and result",
                                         {"type", "result"})),
      webhook_duration(registry_.histogram("bolna_emulator_webhook_attempt_duration_seconds",
                                           "Wall time of one webhook attempt, by result",
                                           {"result"}, kLatencyBuckets)),
      clock_lag(registry_.histogram(
          "bolna_emulator_realtime_clock_lag_seconds",
          "How late the realtime driver ran due work: wall time past the moment it was due", {},
          kLagBuckets)),
      sink_(sink_body_limit) {}

void EmulatorMetrics::observe_request(const std::string& route, const std::string& method,
                                      int status, double seconds) {
  std::string r = route.empty() ? "unmatched" : route;
  std::string m = method_label(method);
  http_requests.inc({r, m, std::to_string(status)});
  http_duration.observe({r, m}, seconds);
}

void EmulatorMetrics::observe_transition(const std::string& status) { transitions.inc({status}); }

void EmulatorMetrics::observe_batch_transition(const std::string& status) {
  batch_transitions.inc({status});
}

void EmulatorMetrics::observe_webhook_attempt(const std::string& kind, const std::string& result,
                                              double seconds) {
  webhook_attempts.inc({kind, result});
  webhook_duration.observe({result}, seconds);
}

void EmulatorMetrics::observe_clock_lag(double seconds) {
  clock_lag.observe({}, seconds < 0 ? 0 : seconds);
}

}  // namespace bolna::metrics
