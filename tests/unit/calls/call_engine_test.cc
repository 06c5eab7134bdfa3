// The call lifecycle without HTTP: a tenant on a manual clock, calls placed directly.
#include "calls/call_engine.h"

#include <doctest/doctest.h>

#include "common/execution_status.h"
#include "manual_tenant.h"
#include "tenant/tenant.h"

using namespace bolna;
using namespace std::chrono;

namespace {

struct Fixture {
  Tenant t{"unit", false, 42, testing::manual_clock_settings()};
  const Agent* agent;
  Fixture() {
    agent = &t.agents.create("agent-1", Json{{"agent_name", "A"}, {"tasks", Json::array()}},
                             Json::object(), t.now());
  }
  Execution& call(const std::string& to, const std::string& forced = "") {
    CallRequest r;
    r.agent_id = agent->id;
    r.recipient = to;
    r.from_number = "+12025550100";
    r.forced_outcome = forced;
    return place_call(t, *agent, r);
  }
  void advance(double seconds) {
    advance_clock(t, t.now() + Micros(static_cast<int64_t>(seconds * 1e6)), nullptr);
  }
};

std::vector<std::string> statuses(const Execution& e) {
  std::vector<std::string> out;
  for (const auto& c : e.timeline) out.push_back(c.to);
  return out;
}

}  // namespace

TEST_CASE("engine: default outcome walks the documented lifecycle with its delays") {
  Fixture f;
  Execution& e = f.call("+919876543210");
  CHECK(e.status == "queued");
  f.advance(0.999);
  CHECK(e.status == "queued");
  f.advance(0.001);
  CHECK(e.status == "initiated");
  f.advance(2);
  CHECK(e.status == "ringing");
  f.advance(6);
  CHECK(e.status == "in-progress");
  f.advance(42.6);
  CHECK(e.status == "call-disconnected");
  f.advance(20);
  CHECK(e.status == "completed");
  CHECK(statuses(e) == std::vector<std::string>{"queued", "initiated", "ringing", "in-progress",
                                                "call-disconnected", "completed"});
  // Each stamp is the instant the transition was due, not the end of the advance.
  CHECK(e.timeline[1].at == e.created_at + seconds(1));
  CHECK(e.updated_at == e.created_at + milliseconds(71600));
}

TEST_CASE("engine: a single advance stamps every transition at its own time") {
  Fixture f;
  Execution& e = f.call("+919876543210");
  TransitionLog log;
  advance_clock(f.t, f.t.now() + minutes(5), &log);
  REQUIRE(log.events.size() == 5);
  CHECK(log.events[0].from == "queued");
  CHECK(log.events[0].at == e.created_at + seconds(1));
  CHECK(log.events[4].to == "completed");
  CHECK(f.t.now() == e.created_at + minutes(5));
}

TEST_CASE("engine: concurrency holds calls in queued and releases at call-disconnected") {
  Fixture f;
  f.t.max_concurrency = 2;
  Execution& a = f.call("+919876543210");
  Execution& b = f.call("+919876543211");
  Execution& c = f.call("+919876543212");
  CHECK(f.t.active_calls == 2);
  f.advance(10);
  CHECK(a.status == "in-progress");
  CHECK(b.status == "in-progress");
  CHECK(c.status == "queued");
  f.advance(42.6);  // a and b disconnect: c takes a slot
  CHECK(a.status == "call-disconnected");
  CHECK(f.t.active_calls == 1);
  f.advance(1);
  CHECK(c.status == "initiated");
}

TEST_CASE("engine: a wallet that cannot cover a minute ends the call as balance-low") {
  Fixture f;
  f.t.wallet_cents = 30;  // less than 32.38 cents/minute
  Execution& e = f.call("+919876543210");
  CHECK(e.status == "balance-low");
  CHECK(e.error_message.is_string());
  CHECK(f.t.active_calls == 0);
  f.t.wallet_cents = 10000;
  Execution& ok = f.call("+919876543211");
  run_until_idle(f.t, hours(1), nullptr);
  CHECK(ok.status == "completed");
  CHECK(f.t.wallet_cents == doctest::Approx(10000 - 22.99));
}

TEST_CASE("engine: auto-retry sends the same execution back to scheduled") {
  Fixture f;
  CallRequest r;
  r.agent_id = f.agent->id;
  r.recipient = "+12025550118";  // busy, then completed on retry
  r.from_number = "+12025550100";
  RetryConfig rc;
  rc.enabled = true;
  rc.retry_intervals_minutes = {15};
  r.retry = rc;
  Execution& e = place_call(f.t, *f.agent, r);
  f.advance(7);
  CHECK(e.status == "scheduled");
  CHECK(e.retry_count == 1);
  REQUIRE(e.retry_history.size() == 1);
  CHECK(e.retry_history[0].status == "busy");
  CHECK(e.scheduled_at == e.created_at + seconds(7) + minutes(15));
  run_until_idle(f.t, hours(2), nullptr);
  CHECK(e.status == "completed");
  CHECK(statuses(e) == std::vector<std::string>{"queued", "initiated", "ringing", "busy",
                                                "scheduled", "queued", "initiated", "ringing",
                                                "in-progress", "call-disconnected", "completed"});
}

TEST_CASE("engine: retries stop at max_retries") {
  Fixture f;
  CallRequest r;
  r.agent_id = f.agent->id;
  r.recipient = "+12025550111";  // no-answer forever
  r.from_number = "+12025550100";
  RetryConfig rc;
  rc.enabled = true;
  rc.max_retries = 2;
  rc.retry_intervals_minutes = {1, 2};
  r.retry = rc;
  Execution& e = place_call(f.t, *f.agent, r);
  run_until_idle(f.t, hours(5), nullptr);
  CHECK(e.status == "no-answer");
  CHECK(e.retry_count == 2);
}

TEST_CASE("engine: stop works before dialling and frees the slot") {
  Fixture f;
  f.t.max_concurrency = 1;
  Execution& a = f.call("+919876543210");
  Execution& b = f.call("+919876543211");
  CHECK(is_stoppable(a));
  stop_execution(f.t, a);  // admitted but not yet initiated: slot goes to b
  CHECK(a.status == "stopped");
  CHECK(f.t.active_calls == 1);
  CHECK(b.holds_slot);
  f.advance(10);
  CHECK(a.status == "stopped");
  CHECK_FALSE(is_stoppable(b));
}

TEST_CASE("engine: deleting an agent removes its executions and frees their slots") {
  Fixture f;
  f.call("+919876543210");
  f.call("+919876543211");
  CHECK(f.t.active_calls == 2);
  CHECK(f.t.remove_agent(f.agent->id));
  CHECK(f.t.executions.size() == 0);
  CHECK(f.t.active_calls == 0);
  CHECK(f.t.scheduler.pending() == 0);
}
