// The metrics request hook: counts every finished request by route pattern, method and
// status and observes its latency (bolna_emulator_http_requests_total,
// bolna_emulator_http_request_duration_seconds). Requests no route matched are labelled
// route="unmatched", so raw paths never become labels. It also mirrors the built-in
// webhook sink's size from the sink's own requests (the sink keeps no public counters).
// Runs on the request's worker thread without the tenant's lock; EmulatorMetrics is
// thread-safe.
#include "common/json.h"
#include "control/routes/hooks.h"
#include "metrics/emulator_metrics.h"

namespace bolna {

namespace {

class MetricsHook : public RequestHook {
 public:
  explicit MetricsHook(metrics::EmulatorMetrics& metrics) : metrics_(metrics) {}

  void after(const RequestContext& ctx, const Route* route, Micros elapsed) override {
    int status = ctx.res.status;
    metrics_.observe_request(route ? route->pattern : "", ctx.req.method, status,
                             static_cast<double>(elapsed.count()) / 1e6);
    if (!route || status < 200 || status >= 300) return;
    if (route->pattern == "/__emulator/sink/{name}") {
      if (route->method == "POST") metrics_.sink().stored(ctx.param("name"));
      if (route->method == "DELETE") metrics_.sink().cleared(ctx.param("name"));
    } else if (route->pattern == "/__emulator/reset" && ctx.admin) {
      // A 200 to POST /__emulator/reset {"all": true} (admin) cleared every sink.
      Json body = Json::parse(ctx.req.body, nullptr, false);
      if (body.is_object() && body.value("all", false) == true) metrics_.sink().cleared_all();
    }
  }

 private:
  metrics::EmulatorMetrics& metrics_;
};

}  // namespace

std::shared_ptr<RequestHook> make_metrics_hook(metrics::EmulatorMetrics& metrics) {
  return std::make_shared<MetricsHook>(metrics);
}

}  // namespace bolna
