// Control API for webhooks: the delivery journal, redelivery, flush (wait until every
// due delivery has finished), per-agent extra headers, and the built-in sink receiver.
#include <algorithm>
#include <cctype>

#include "common/header_checks.h"
#include "webhooks/webhook_sink.h"
#include "webhooks/webhook_dispatcher.h"
#include "control/routes/routes.h"
#include "handler/tenant_of.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/tenant.h"
#include "webhooks/webhook_dispatcher.h"
#include "webhooks/webhook_sink.h"

namespace bolna {

namespace {

constexpr int64_t kDefaultFlushMs = 10000;
constexpr int64_t kMaxFlushMs = 600000;
constexpr size_t kMaxSinkName = 200;

Json backlog_json(const WebhookBacklog& b) {
  return Json{{"queued", b.queued}, {"in_flight", b.in_flight}, {"waiting_retry", b.waiting_retry}};
}

void list(RequestContext& ctx, Services& services) {
  std::string execution_id = ctx.query("execution_id").value_or("");
  std::string batch_id = ctx.query("batch_id").value_or("");
  Json out =
      Json{{"attempts", services.webhooks.journal_json(tenant_of(ctx), execution_id, batch_id)}};
  out.update(backlog_json(services.webhooks.backlog(tenant_of(ctx))));
  ctx.reply(200, out);
}

void redeliver(RequestContext& ctx, Services& services) {
  const std::string& raw = ctx.param("id");
  bool digits = !raw.empty() && raw.size() <= 18 && std::all_of(raw.begin(), raw.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  if (!digits)
    throw bad_request("Webhook attempt id must be a positive integer, got '" + raw + "'");
  uint64_t id = std::stoull(raw);
  auto delivery = services.webhooks.redeliver(tenant_of(ctx), id);
  if (!delivery) throw not_found("Webhook attempt");
  ctx.reply(200, Json{{"message", "queued"}, {"delivery_id", *delivery}, {"redelivery_of", id}});
}

void flush(RequestContext& ctx, Services& services) {
  const Json& b = ctx.json_object();
  int64_t timeout_ms = kDefaultFlushMs;
  if (b.contains("timeout_ms")) {
    const Json& v = b["timeout_ms"];
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxFlushMs)
      throw bad_request("timeout_ms must be an integer from 0 to 600000");
    timeout_ms = v.get<int64_t>();
  }
  // No tenant lock here (route option): flush waits with it released, deliveries need it.
  WebhookBacklog left =
      services.webhooks.flush(tenant_of(ctx), std::chrono::milliseconds(timeout_ms));
  Json out = Json{{"done", left.settled()}};
  out.update(backlog_json(left));
  ctx.reply(200, out);
}

Json headers_json(const std::string& agent_id, const WebhookHeaders& h) {
  Json headers = Json::object();
  for (const auto& [name, value] : h) headers[name] = value;
  return Json{{"agent_id", agent_id}, {"headers", headers}};
}

void put_headers(RequestContext& ctx, Services& services) {
  const Json& b = ctx.json_object();
  const std::string& agent_id = ctx.param("agent_id");
  if (!tenant_of(ctx).agents.find(agent_id)) throw not_found("Agent");
  if (std::string err = check_webhook_headers(b); !err.empty()) throw bad_request(err);
  WebhookHeaders headers;
  for (const auto& [name, value] : b.items()) headers.emplace_back(name, value.get<std::string>());
  services.webhooks.set_agent_headers(tenant_of(ctx), agent_id, headers);
  ctx.reply(200, headers_json(agent_id, headers));
}

void get_headers(RequestContext& ctx, Services& services) {
  const std::string& agent_id = ctx.param("agent_id");
  if (!tenant_of(ctx).agents.find(agent_id)) throw not_found("Agent");
  ctx.reply(200, headers_json(agent_id, services.webhooks.agent_headers(tenant_of(ctx), agent_id)));
}

const std::string& sink_name(RequestContext& ctx) {
  const std::string& name = ctx.param("name");
  if (name.size() > kMaxSinkName)
    throw bad_request("Sink names are at most " + std::to_string(kMaxSinkName) + " characters");
  return name;
}

void sink_post(RequestContext& ctx, Services& services) {
  const std::string& name = sink_name(ctx);
  if (!services.sink.receive(name, ctx.req.body))
    throw api_error(429, "The sink holds " + std::to_string(kSinkNameLimit) +
                             " names already; DELETE /__emulator/sink/{name} some first");
  ctx.reply(200, Json{{"message", "received"}});
}

}  // namespace

void register_webhook_routes(Router& router, Services& services) {
  RouteOptions control = control_route();
  RouteOptions unlocked = control;
  unlocked.lock_tenant = false;  // flush takes the tenant's lock itself, and waits without it
  router.add(
      "GET", "/__emulator/webhooks", [&services](RequestContext& c) { list(c, services); },
      control);
  router.add(
      "POST", "/__emulator/webhooks/flush", [&services](RequestContext& c) { flush(c, services); },
      unlocked);
  router.add(
      "POST", "/__emulator/webhooks/{id}/redeliver",
      [&services](RequestContext& c) { redeliver(c, services); }, control);
  router.add(
      "PUT", "/__emulator/agents/{agent_id}/webhook-headers",
      [&services](RequestContext& c) { put_headers(c, services); }, control);
  router.add(
      "GET", "/__emulator/agents/{agent_id}/webhook-headers",
      [&services](RequestContext& c) { get_headers(c, services); }, control);

  RouteOptions open = unlocked;
  open.requires_key = false;
  router.add(
      "POST", "/__emulator/sink/{name}", [&services](RequestContext& c) { sink_post(c, services); },
      open);
  router.add(
      "GET", "/__emulator/sink/{name}",
      [&services](RequestContext& c) { c.reply(200, services.sink.get(sink_name(c))); }, open);
  router.add(
      "DELETE", "/__emulator/sink/{name}",
      [&services](RequestContext& c) {
        services.sink.clear(sink_name(c));
        c.reply(200, Json{{"message", "cleared"}});
      },
      open);
}

}  // namespace bolna
