// ctl verbs for time and the account: clock (show, advance, run-until-idle, mode, set),
// reset, wallet.
#include <cstdio>

#include "ctl/ctl_output.h"
#include "ctl/ctl_verbs.h"
#include "ctl/duration.h"

namespace bolna::ctl {

namespace {

void print_clock(Context& ctx, const Json& clock) {
  if (ctx.json) return print_json(ctx.out, clock);
  ctx.out << "now       " << short_time(clock["now"]) << "\n"
          << "mode      " << cell(clock, "mode") << "\n"
          << "speed     " << cell(clock, "speed") << "\n"
          << "pending   " << cell(clock, "pending") << "\n"
          << "next due  " << short_time(clock.value("next_due", Json())) << "\n";
}

void print_moves(Context& ctx, const Json& answer) {
  if (ctx.json) return print_json(ctx.out, answer);
  const Json& events = answer["events"];
  if (!events.empty()) {
    Table table({"AT", "EXECUTION", "FROM", "TO"});
    for (const Json& e : events)
      table.add({short_time(e["at"]), cell(e, "execution_id"), cell(e, "from"), cell(e, "to")});
    table.print(ctx.out);
  }
  size_t total = answer.value("events_total", events.size());
  ctx.out << "now " << short_time(answer["now"]) << ": " << total
          << (total == 1 ? " event" : " events");
  if (answer.value("events_truncated", false)) ctx.out << " (first " << events.size() << " shown)";
  ctx.out << ", " << cell(answer, "pending") << " pending";
  if (answer.contains("idle")) ctx.out << (answer["idle"].get<bool>() ? ", idle" : ", not idle");
  ctx.out << "\n";
}

}  // namespace

double duration_arg(const std::string& flag, const std::string& text) {
  std::string error;
  auto seconds = parse_duration(text, &error);
  if (!seconds) throw UsageError(flag + ": " + error);
  return *seconds;
}

void clock_show(Context& ctx) { print_clock(ctx, ctx.client.get("/__emulator/clock")); }

void clock_advance(Context& ctx, const std::string& duration, const std::string& to,
                   std::optional<int> max_events) {
  Json body = Json::object();
  if (!duration.empty() && !to.empty())
    throw UsageError("clock advance takes a DURATION or --to TIME, not both");
  if (!duration.empty())
    body["seconds"] = duration_arg("DURATION", duration);
  else if (!to.empty())
    body["to"] = to;
  else
    throw UsageError("clock advance needs a DURATION (90s, 10m, 2h, 1d) or --to TIME");
  if (max_events) body["max_events"] = *max_events;
  print_moves(ctx, ctx.client.send("POST", "/__emulator/clock/advance", body));
}

void clock_run_until_idle(Context& ctx, const std::string& max, std::optional<int> max_events) {
  Json body = Json::object();
  if (!max.empty()) body["max_seconds"] = duration_arg("--max", max);
  if (max_events) body["max_events"] = *max_events;
  print_moves(ctx, ctx.client.send("POST", "/__emulator/clock/run-until-idle", body));
}

void clock_mode(Context& ctx, const std::string& mode, std::optional<double> speed) {
  Json body = {{"mode", mode}};
  if (speed) {
    if (mode != "realtime") throw UsageError("a SPEED goes with realtime only");
    body["speed"] = *speed;
  }
  print_clock(ctx, ctx.client.send("POST", "/__emulator/clock", body));
}

void clock_set(Context& ctx, const std::string& now, bool force) {
  Json body = {{"now", now}};
  if (force) body["force"] = true;
  Json answer = ctx.client.send("POST", "/__emulator/clock", body);
  print_clock(ctx, answer);
  if (!ctx.json && answer.contains("warning"))
    ctx.err << "warning: " << cell(answer, "warning") << "\n";
}

void reset(Context& ctx, bool all) {
  Json answer =
      all ? ctx.client.send("POST", "/__emulator/reset", Json{{"all", true}}, Auth::kAdmin)
          : ctx.client.send("POST", "/__emulator/reset", Json::object());
  if (ctx.json) return print_json(ctx.out, answer);
  int tenants = answer.value("tenants", 0);
  ctx.out << "reset " << tenants << (tenants == 1 ? " tenant" : " tenants")
          << (all ? " and every sink" : "") << "\n";
}

namespace {

void print_wallet(Context& ctx, const Json& answer) {
  if (ctx.json) return print_json(ctx.out, answer);
  char line[128];
  std::snprintf(line, sizeof line, "balance $%.2f (%.2f cents)\n", answer.value("balance", 0.0),
                answer.value("balance_cents", 0.0));
  ctx.out << line;
}

}  // namespace

void wallet_show(Context& ctx) { print_wallet(ctx, ctx.client.get("/__emulator/wallet")); }

void wallet_set(Context& ctx, double dollars) {
  if (dollars < 0) throw UsageError("wallet set: DOLLARS must not be negative");
  print_wallet(ctx, ctx.client.send("PUT", "/__emulator/wallet", Json{{"balance", dollars}}));
}

}  // namespace bolna::ctl
