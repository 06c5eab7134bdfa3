// Control API for time and the account: the tenant's virtual clock (read, set mode,
// set, advance, run until idle; moving forward performs the webhook attempts falling due,
// webhooks/clock_drive.h), wallet, concurrency, and an execution's timeline.
#include <cmath>
#include <mutex>
#include <optional>

#include "events/event_bus.h"
#include "webhooks/webhook_dispatcher.h"
#include "handler/tenant_of.h"
#include "control/routes/routes.h"
#include "calls/call_engine.h"
#include "control/routes/routes.h"
#include "handler/tenant_of.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/tenant.h"
#include "webhooks/clock_drive.h"
#include "webhooks/webhook_dispatcher.h"

namespace bolna {

namespace {

constexpr auto kIdleHorizon = std::chrono::hours(24 * 400);

Json clock_json(Tenant& t) {
  auto next = t.scheduler.next_due();
  return Json{{"now", format_iso_utc(t.now())},
              {"mode", to_string(t.clock.mode())},
              {"speed", t.clock.speed()},
              {"pending", t.scheduler.pending()},
              {"next_due", next ? Json(format_iso_utc(*next)) : Json()}};
}

// Tells the dashboard's stream that the clock moved (README "Stream format": clock).
void publish_clock(Services& services, Tenant& t, const char* action) {
  Json data = clock_json(t);
  data["action"] = action;
  services.events.publish(t.key(), "clock", std::move(data));
}

Json log_json(Tenant& t, const TransitionLog& log) {
  Json events = Json::array();
  for (const auto& ev : log.events)
    events.push_back({{"execution_id", ev.execution_id},
                      {"from", ev.from.empty() ? Json() : Json(ev.from)},
                      {"to", ev.to},
                      {"at", format_iso_utc(ev.at)}});
  return Json{{"now", format_iso_utc(t.now())},
              {"events", events},
              {"events_total", log.total},
              {"events_truncated", log.total > log.events.size()},
              {"pending", t.scheduler.pending()}};
}

// The body's "webhooks": "sync" (default: wait for the attempts falling due) or "async".
WebhookMode webhook_mode(const Json& body) {
  if (!body.contains("webhooks")) return WebhookMode::kSync;
  const Json& m = body["webhooks"];
  if (m == "sync") return WebhookMode::kSync;
  if (m == "async") return WebhookMode::kAsync;
  throw bad_request(
      "webhooks must be \"sync\" (wait for the webhook attempts falling due) or "
      "\"async\" (fire and forget)");
}

Json move_json(const ClockMoveReport& r) {
  return Json{{"attempts", r.attempts},
              {"waiting", r.left.total()},
              {"queued", r.left.queued},
              {"in_flight", r.left.in_flight},
              {"waiting_retry", r.left.waiting_retry}};
}

size_t events_limit(const Json& body) {
  if (!body.contains("max_events")) return 10000;
  const Json& m = body["max_events"];
  if (!m.is_number_integer() || m.get<int64_t>() < 0)
    throw bad_request("max_events must be a non-negative integer");
  return static_cast<size_t>(m.get<int64_t>());
}

TimePoint parse_time_field(const Json& body, const char* key) {
  const Json& v = body[key];
  std::string why;
  auto parsed = v.is_string() ? parse_iso8601(v.get<std::string>(), &why) : std::nullopt;
  if (!parsed)
    throw bad_request(std::string(key) +
                      " must be an ISO 8601 date-time such as "
                      "2026-06-23T18:30:00+00:00");
  return parsed->utc;
}

void set_clock(RequestContext& ctx, Services& services) {
  const Json& b = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  if (!b.contains("mode") && !b.contains("now") && !b.contains("speed"))
    throw bad_request(
        "Send {\"mode\": \"manual\"}, {\"mode\": \"realtime\", \"speed\": N} or "
        "{\"now\": \"<ISO 8601>\"}");
  double speed = 0;
  if (b.contains("speed")) {
    if (!b["speed"].is_number() || b["speed"].get<double>() <= 0 || b["speed"].get<double>() > 1e6)
      throw bad_request("speed must be a number greater than 0 (at most 1000000)");
    speed = b["speed"].get<double>();
  }
  std::string mode;
  if (b.contains("mode")) {
    mode = b["mode"].is_string() ? b["mode"].get<std::string>() : "";
    if (mode != "manual" && mode != "realtime")
      throw bad_request("mode must be \"manual\" or \"realtime\"");
  }
  WebhookMode webhooks = webhook_mode(b);
  std::optional<TimePoint> target;
  if (b.contains("now")) target = parse_time_field(b, "now");
  // Unlocked route: a forward move releases the tenant while it waits for webhook answers.
  auto moves = services.webhooks.lock_moves(t);
  std::unique_lock lock(t.mutex);
  Json warning;
  std::optional<ClockMoveReport> moved;
  if (target) {
    if (*target < t.now()) {
      bool force = b.value("force", false);
      if (t.scheduler.pending() > 0 && !force)
        throw api_error(
            409, "Refusing to move the clock back to " + format_iso_utc(*target) + ": " +
                     std::to_string(t.scheduler.pending()) +
                     " pending event(s) would be delayed; send \"force\": true to do it anyway");
      if (t.scheduler.pending() > 0)
        warning = "The clock moved back; " + std::to_string(t.scheduler.pending()) +
                  " pending event(s) keep their due times";
      t.clock.set_now(*target);
    } else {
      TransitionLog log;
      moved = move_clock_to(services.webhooks, t, lock, *target, &log, webhooks);
    }
  }
  if (!mode.empty()) {
    t.clock.set_mode(mode == "manual" ? ClockMode::kManual : ClockMode::kRealtime, speed);
  } else if (speed > 0) {
    t.clock.set_mode(t.clock.mode(), speed);
  }
  t.wake();
  publish_clock(services, t, "set");
  Json out = clock_json(t);
  if (moved) out["webhooks"] = move_json(*moved);
  if (!warning.is_null()) out["warning"] = warning;
  ctx.reply(200, out);
}

void advance(RequestContext& ctx, Services& services) {
  const Json& b = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  WebhookMode webhooks = webhook_mode(b);
  size_t limit = events_limit(b);
  auto moves = services.webhooks.lock_moves(t);
  std::unique_lock lock(t.mutex);
  TimePoint target;
  if (b.contains("seconds")) {
    const Json& s = b["seconds"];
    if (!s.is_number() || s.get<double>() < 0 || s.get<double>() > 400.0 * 86400)
      throw bad_request("seconds must be a number from 0 to 34560000 (400 days)");
    target = t.now() + Micros(static_cast<int64_t>(std::llround(s.get<double>() * 1e6)));
  } else if (b.contains("to")) {
    target = parse_time_field(b, "to");
    if (target < t.now())
      throw bad_request("to is before the tenant's current time " + format_iso_utc(t.now()) +
                        "; the clock only moves forward here (use POST /__emulator/clock)");
  } else {
    throw bad_request("Send {\"seconds\": N} or {\"to\": \"<ISO 8601>\"}");
  }
  TransitionLog log;
  log.limit = limit;
  ClockMoveReport moved = move_clock_to(services.webhooks, t, lock, target, &log, webhooks);
  Json out = log_json(t, log);
  out["webhooks"] = move_json(moved);
  publish_clock(services, t, "advance");
  ctx.reply(200, out);
}

void run_until_idle_handler(RequestContext& ctx, Services& services) {
  const Json& b = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  Micros horizon = kIdleHorizon;
  if (b.contains("max_seconds")) {
    const Json& s = b["max_seconds"];
    if (!s.is_number() || s.get<double>() <= 0 || s.get<double>() > 400.0 * 86400)
      throw bad_request("max_seconds must be a number greater than 0 and at most 34560000");
    horizon = Micros(static_cast<int64_t>(s.get<double>() * 1e6));
  }
  WebhookMode webhooks = webhook_mode(b);
  TransitionLog log;
  log.limit = events_limit(b);
  auto moves = services.webhooks.lock_moves(t);
  std::unique_lock lock(t.mutex);
  bool idle = false;
  ClockMoveReport moved =
      run_clock_until_idle(services.webhooks, t, lock, horizon, &log, webhooks, &idle);
  publish_clock(services, t, "run-until-idle");
  Json out = log_json(t, log);
  out["idle"] = idle;
  out["webhooks"] = move_json(moved);
  ctx.reply(200, out);
}

Json wallet_json(const Tenant& t) {
  return Json{{"balance", std::round(t.wallet_cents) / 100.0},
              {"balance_cents", std::round(t.wallet_cents * 100.0) / 100.0}};
}

void put_wallet(RequestContext& ctx) {
  const Json& b = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  if (b.contains("balance")) {
    if (!b["balance"].is_number() || b["balance"].get<double>() < 0)
      throw bad_request("balance must be a non-negative number of dollars");
    t.wallet_cents = b["balance"].get<double>() * 100.0;
  } else if (b.contains("balance_cents")) {
    if (!b["balance_cents"].is_number() || b["balance_cents"].get<double>() < 0)
      throw bad_request("balance_cents must be a non-negative number of cents");
    t.wallet_cents = b["balance_cents"].get<double>();
  } else {
    throw bad_request("Send {\"balance\": <dollars>} or {\"balance_cents\": <cents>}");
  }
  ctx.reply(200, wallet_json(t));
}

Json concurrency_json(const Tenant& t) {
  size_t queued = 0;
  for (const Execution* e : t.executions.all())
    if (e->status == "queued" && !e->holds_slot) ++queued;
  return Json{{"max", t.max_concurrency}, {"current", t.active_calls}, {"queued", queued}};
}

void put_concurrency(RequestContext& ctx) {
  const Json& b = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  if (!b.contains("max") || !b["max"].is_number_integer() || b["max"].get<int64_t>() < 1 ||
      b["max"].get<int64_t>() > 100000)
    throw bad_request("max must be an integer from 1 to 100000");
  t.max_concurrency = b["max"].get<int>();
  pump_dial_queue(t);
  ctx.reply(200, concurrency_json(t));
}

void timeline(RequestContext& ctx, Services& services) {
  Execution* e = tenant_of(ctx).executions.find(ctx.param("execution_id"));
  if (!e) throw not_found("Execution");
  Json changes = Json::array();
  for (const auto& c : e->timeline)
    changes.push_back({{"from", c.from.empty() ? Json() : Json(c.from)},
                       {"to", c.to},
                       {"at", format_iso_utc(c.at)}});
  ctx.reply(200, Json{{"execution_id", e->id},
                      {"status", e->status},
                      {"outcome", e->script ? Json(e->script->name) : Json()},
                      {"timeline", changes},
                      {"deliveries", services.webhooks.journal_json(tenant_of(ctx), e->id, "")}});
}

}  // namespace

void register_clock_routes(Router& router, Services& services) {
  RouteOptions control = control_route();
  router.add(
      "GET", "/__emulator/clock", [](RequestContext& c) { c.reply(200, clock_json(tenant_of(c))); },
      control);
  // Clock moves lock the tenant themselves: they release it while webhook answers are due.
  RouteOptions moves = control;
  moves.lock_tenant = false;
  router.add(
      "POST", "/__emulator/clock", [&services](RequestContext& c) { set_clock(c, services); },
      moves);
  router.add(
      "POST", "/__emulator/clock/advance", [&services](RequestContext& c) { advance(c, services); },
      moves);
  router.add(
      "POST", "/__emulator/clock/run-until-idle",
      [&services](RequestContext& c) { run_until_idle_handler(c, services); }, moves);
  router.add(
      "GET", "/__emulator/wallet",
      [](RequestContext& c) { c.reply(200, wallet_json(tenant_of(c))); }, control);
  router.add("PUT", "/__emulator/wallet", put_wallet, control);
  router.add(
      "GET", "/__emulator/concurrency",
      [](RequestContext& c) { c.reply(200, concurrency_json(tenant_of(c))); }, control);
  router.add("PUT", "/__emulator/concurrency", put_concurrency, control);
  router.add(
      "GET", "/__emulator/executions/{execution_id}/timeline",
      [&services](RequestContext& c) { timeline(c, services); }, control);
}

}  // namespace bolna
