// The control API's request hooks: the request journal, fault injection and rate limits.
// Each keeps its state in the caller's Tenant (Tenant::journal, faults, rate_limits) and
// takes the tenant's mutex only briefly (hooks run without it). Requests without a
// tenant (no or refused key) and control API requests (/__emulator/...) pass untouched.
// App installs them once at start-up, in this order: journal, faults, rate limits (the
// fault hook relies on the journal recording a dropped request before it drops it).
#pragma once

#include <memory>

#include "handler/services.h"
#include "http/http_server.h"
#include "http/request_hook.h"

namespace bolna {

namespace metrics {
class EmulatorMetrics;
}  // namespace metrics

// Records every finished request in the tenant's journal.
std::shared_ptr<RequestHook> make_journal_hook();
// Applies the first matching fault: delay, answer with a status, or drop the connection.
// A delay holds the request's HTTP worker (cpp-httplib's handlers are synchronous), so at
// most `max_delayed` requests wait at once across all tenants; one more answers 503 at
// once (documented in the README's fault section). cancel_fault_delays() ends every wait
// (shutdown).
std::shared_ptr<RequestHook> make_fault_hook(int max_delayed);
void cancel_fault_delays();
// Answers 429 with Retry-After when the tenant's rate limit for the request is used up.
std::shared_ptr<RequestHook> make_rate_limit_hook();

// Counts every finished request (route pattern, method, status, latency) in `metrics`.
std::shared_ptr<RequestHook> make_metrics_hook(metrics::EmulatorMetrics& metrics);

// Adds the hooks above to `http` (journal, faults, rate limits, metrics).
void add_control_hooks(HttpServer& http, Services& services);

// True for paths of the control API ("/__emulator" and below).
bool is_control_path(const std::string& path);

}  // namespace bolna
