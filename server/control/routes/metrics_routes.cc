// GET /__emulator/metrics: every metric in the Prometheus text exposition format
// (README "Metrics"). Open without a key; when --admin-token is set it needs the token
// (X-Emulator-Admin-Token, or ?admin_token= for scrapers that cannot send headers).
// The counters and histograms are fed as things happen (metrics hook, status and batch
// listeners, webhook observer, realtime driver); the gauges below are read at scrape time,
// each tenant under its own lock, one tenant at a time.
#include <map>
#include <mutex>

#include "common/config.h"
#include "control/control_state.h"
#include "control/routes/routes.h"
#include "events/event_bus.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "metrics/emulator_metrics.h"
#include "tenant/tenant_registry.h"
#include "webhooks/webhook_dispatcher.h"

namespace bolna {

namespace {

using metrics::Exposition;

void status_gauge(Exposition& out, const std::string& name, const std::string& help,
                  const std::map<std::string, size_t>& counts) {
  out.family(name, "gauge", help);
  for (const auto& [status, n] : counts)
    out.sample(name, {{"status", status}}, static_cast<double>(n));
}

void collect(Exposition& out, Services& services) {
  std::map<std::string, size_t> executions, batches;
  size_t request_journal = 0, webhook_journal = 0;
  WebhookBacklog backlog;
  auto tenants = services.tenants.all();
  for (const auto& t : tenants) {
    std::lock_guard lock(t->mutex);
    for (const Execution* e : t->executions.all()) executions[e->status] += 1;
    for (const Batch* b : t->batches.all()) batches[b->status] += 1;
    request_journal += t->control().journal.size();
    webhook_journal += services.webhooks.journal_size(*t);
    WebhookBacklog b = services.webhooks.backlog(*t);
    backlog.queued += b.queued;
    backlog.in_flight += b.in_flight;
    backlog.waiting_retry += b.waiting_retry;
  }
  out.gauge("bolna_emulator_tenants", "Tenants (API keys) that exist now",
            static_cast<double>(tenants.size()));
  status_gauge(out, "bolna_emulator_executions", "Executions of every tenant, by current status",
               executions);
  status_gauge(out, "bolna_emulator_batches", "Batches of every tenant, by current status",
               batches);
  out.gauge("bolna_emulator_request_journal_entries",
            "Request journal entries held, summed over tenants",
            static_cast<double>(request_journal));
  out.gauge("bolna_emulator_webhook_journal_entries",
            "Webhook attempts held in the webhook journals, summed over tenants",
            static_cast<double>(webhook_journal));
  out.family("bolna_emulator_webhook_backlog", "gauge",
             "Webhook deliveries not finished, by state, summed over tenants");
  out.sample("bolna_emulator_webhook_backlog", {{"state", "queued"}},
             static_cast<double>(backlog.queued));
  out.sample("bolna_emulator_webhook_backlog", {{"state", "in_flight"}},
             static_cast<double>(backlog.in_flight));
  out.sample("bolna_emulator_webhook_backlog", {{"state", "waiting_retry"}},
             static_cast<double>(backlog.waiting_retry));
  out.gauge("bolna_emulator_sink_names", "Names of the built-in webhook sink holding bodies",
            static_cast<double>(services.metrics.sink().names()));
  out.gauge("bolna_emulator_sink_bodies", "Bodies held by the built-in webhook sink",
            static_cast<double>(services.metrics.sink().bodies()));

  const EventBus& bus = services.events;
  out.gauge("bolna_emulator_stream_subscribers", "Event streams open now",
            static_cast<double>(bus.subscribers()));
  out.family("bolna_emulator_stream_events_total", "counter",
             "Stream events: published (once per event), delivered (once per receiving "
             "stream) and dropped (a stream's queue was full)");
  out.sample("bolna_emulator_stream_events_total", {{"outcome", "published"}},
             static_cast<double>(bus.published()));
  out.sample("bolna_emulator_stream_events_total", {{"outcome", "delivered"}},
             static_cast<double>(bus.delivered()));
  out.sample("bolna_emulator_stream_events_total", {{"outcome", "dropped"}},
             static_cast<double>(bus.dropped()));
  out.family("bolna_emulator_stream_refused_total", "counter",
             "Stream requests refused because --stream-max-subscribers were open");
  out.sample("bolna_emulator_stream_refused_total", {}, static_cast<double>(bus.refused()));

  metrics::ProcessStats p = metrics::read_process_stats();
  if (p.resident_bytes)
    out.gauge("bolna_emulator_process_resident_memory_bytes",
              "Resident memory of the process (VmRSS of /proc/self/status)", *p.resident_bytes);
  if (p.threads)
    out.gauge("bolna_emulator_process_threads",
              "Threads of the process (Threads of /proc/self/status)", *p.threads);
  metrics::HeapStats h = metrics::read_heap_stats();
  if (h.allocated_bytes)
    out.gauge("bolna_emulator_heap_allocated_bytes",
              "Heap bytes in use: handed out by malloc and not yet freed (mallinfo2)",
              *h.allocated_bytes);
  if (h.free_bytes)
    out.gauge("bolna_emulator_heap_free_bytes",
              "Free bytes malloc keeps in its arenas; resident until reused or trimmed "
              "(--memory-trim-interval)",
              *h.free_bytes);
  out.family("bolna_emulator_build_info", "gauge", "The emulator's version (always 1)");
  out.sample("bolna_emulator_build_info", {{"version", BOLNA_EMULATOR_VERSION}}, 1);
}

void metrics_handler(RequestContext& ctx, Services& services) {
  const std::string& token = services.config.admin_token;
  if (!token.empty() && !ctx.admin && ctx.query("admin_token").value_or("") != token)
    throw api_error(401,
                    "GET /__emulator/metrics needs the admin token "
                    "(X-Emulator-Admin-Token header, or ?admin_token=) when --admin-token is set");
  ctx.res.status = 200;
  ctx.res.set_header("Cache-Control", "no-cache");
  ctx.res.set_content(services.metrics.expose(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

void register_metrics_routes(Router& router, Services& services) {
  services.metrics.registry().add_collector(
      [&services](Exposition& out) { collect(out, services); });
  RouteOptions open;
  open.requires_key = false;
  open.lock_tenant = false;
  open.control = true;
  router.add(
      "GET", "/__emulator/metrics",
      [&services](RequestContext& c) { metrics_handler(c, services); }, open);
}

}  // namespace bolna
