// EmulatorMetrics: the emulator's metric families (GET /__emulator/metrics) and the
// observe_* calls that feed them, plus process figures read from /proc/self/status and the
// heap figures of glibc's malloc (mallinfo2).
// Scrape-time gauges that read tenants (executions and batches by status, journal sizes,
// tenants) are added as collectors by the metrics route (control/routes/metrics_routes.cc),
// which knows the tenants; this file depends on nothing but the registry.
//
// Every label value comes from a bounded set: route patterns (or "unmatched"), the
// standard methods (others read "OTHER"), HTTP statuses, execution and batch statuses,
// webhook results and kinds. No raw path, key or id is ever a label.
//
// Thread safety: every observe_* and the sink mirror are safe from any thread; they take
// only the family's (or the mirror's) own short-lived mutex, so they may be called under a
// tenant's mutex. One instance per App, created before serving, destroyed after.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "metrics/registry.h"

namespace bolna::metrics {

// Figures of this process from /proc/self/status (nullopt where unreadable).
struct ProcessStats {
  std::optional<double> resident_bytes;  // VmRSS
  std::optional<double> threads;         // Threads
};
ProcessStats read_process_stats();

// What glibc's malloc holds (mallinfo2; nullopt without glibc): bytes handed out and not
// yet freed, and free bytes kept in its arenas (resident until trimmed or reused).
struct HeapStats {
  std::optional<double> allocated_bytes;  // uordblks + hblkhd
  std::optional<double> free_bytes;       // fordblks
};
HeapStats read_heap_stats();
// Parses the text of a /proc/<pid>/status file.
ProcessStats parse_process_status(const std::string& text);

// The built-in webhook sink's sizes, mirrored from the requests it answers (the sink keeps
// no public counters): a stored body adds one to its name (at most `body_limit` per name),
// a DELETE forgets the name, a reset of every tenant forgets every name.
class SinkMirror {
 public:
  explicit SinkMirror(size_t body_limit) : body_limit_(body_limit) {}
  void stored(const std::string& name);
  void cleared(const std::string& name);
  void cleared_all();
  size_t names() const;
  size_t bodies() const;

 private:
  const size_t body_limit_;
  mutable std::mutex mu_;
  std::map<std::string, size_t> bodies_;
};

class EmulatorMetrics {
 private:
  // Declared first: the family references below point into it.
  Registry registry_;

 public:
  // `sink_body_limit`: bodies the webhook sink keeps per name (webhooks/webhook_sink.h).
  explicit EmulatorMetrics(size_t sink_body_limit = 1000);
  EmulatorMetrics(const EmulatorMetrics&) = delete;
  EmulatorMetrics& operator=(const EmulatorMetrics&) = delete;

  // One finished HTTP request: `route` is the matched pattern ("" when none matched).
  void observe_request(const std::string& route, const std::string& method, int status,
                       double seconds);
  // One execution status change (to `status`).
  void observe_transition(const std::string& status);
  // One batch status change (to `status`).
  void observe_batch_transition(const std::string& status);
  // One webhook attempt: kind "execution"/"batch", result "delivered"/"retrying"/"failed".
  void observe_webhook_attempt(const std::string& kind, const std::string& result, double seconds);
  // How late the realtime driver ran due work (seconds past its due wall time).
  void observe_clock_lag(double seconds);

  Registry& registry() { return registry_; }
  SinkMirror& sink() { return sink_; }
  std::string expose() const { return registry_.expose(); }

  // The families, for tests and for the route's collectors.
  CounterFamily& http_requests;
  HistogramFamily& http_duration;
  CounterFamily& transitions;
  CounterFamily& batch_transitions;
  CounterFamily& webhook_attempts;
  HistogramFamily& webhook_duration;
  HistogramFamily& clock_lag;

 private:
  SinkMirror sink_;
};

// "GET" stays, "get" -> "GET", anything not a standard method -> "OTHER".
std::string method_label(const std::string& method);

}  // namespace bolna::metrics
