// Issue #14 item 5 and "nothing is stored half-way": no exception escapes a scheduled
// task (CallAccount::run_due); a failing task ends its execution as "error" and the
// account keeps working; a call or batch whose creation throws leaves nothing behind.
#include <doctest/doctest.h>

#include <stdexcept>

#include "batches/batch_engine.h"
#include "calls/call_account.h"
#include "calls/call_engine.h"
#include "manual_tenant.h"
#include "tenant/tenant.h"

using namespace bolna;

namespace {

struct Fixture {
  Tenant t{"unit", false, 42, testing::manual_clock_settings()};
  const Agent* agent;
  Fixture() {
    agent = &t.agents.create("agent-1", Json{{"agent_name", "A"}, {"tasks", Json::array()}},
                             Json::object(), t.now());
  }
  Execution& call(const std::string& to = "+14155550100") {
    CallRequest r;
    r.agent_id = agent->id;
    r.recipient = to;
    r.from_number = "+12025550100";
    return place_call(t, *agent, r);
  }
  // Makes the status listeners throw once, when an execution reaches `status` (what the
  // webhook dispatcher did on invalid UTF-8: nlohmann type_error.316).
  void throw_once_at(const std::string& status) {
    t.status_listeners.push_back([status, armed = std::make_shared<bool>(true)](
                                     CallAccount&, const Execution& e, const StatusChange& c) {
      if (c.to == status && *armed) {
        *armed = false;
        throw std::runtime_error("listener failed for " + e.id);
      }
    });
  }
};

}  // namespace

TEST_CASE("run_due: a task that throws is recorded on its execution, the next tasks still run") {
  Fixture f;
  Execution& doomed = f.call();
  f.t.scheduler.schedule(
      f.t.now(), [] { throw std::runtime_error("boom"); }, doomed.id);
  bool later_ran = false;
  f.t.scheduler.schedule(f.t.now() + std::chrono::seconds(1), [&] { later_ran = true; });
  CHECK_NOTHROW(run_until_idle(f.t, std::chrono::hours(1), nullptr));
  CHECK(later_ran);
  CHECK(doomed.status == "error");
  REQUIRE(doomed.error_message.is_string());
  CHECK(doomed.error_message.get<std::string>().find("Internal emulator error: boom") == 0);
  CHECK(doomed.pending_task == 0);
  CHECK_FALSE(doomed.holds_slot);
  CHECK(f.t.active_calls == 0);
  // The account keeps working: the next call completes.
  Execution& next = f.call();
  run_until_idle(f.t, std::chrono::hours(1), nullptr);
  CHECK(next.status == "completed");
  // now() is back to the clock once tasks are done (task_time_ was left set before).
  CHECK(f.t.now() == f.t.clock.now());
}

TEST_CASE("run_due: a status listener that throws mid-call ends that call as error") {
  Fixture f;
  f.throw_once_at("ringing");
  Execution& a = f.call();
  Execution& b = f.call("+14155550101");
  CHECK_NOTHROW(run_until_idle(f.t, std::chrono::hours(1), nullptr));
  CHECK(a.status == "error");
  CHECK(b.status == "completed");
  CHECK(f.t.active_calls == 0);
  CHECK(f.t.scheduler.pending() == 0);
}

TEST_CASE("run_due: a task without an execution that throws is only logged") {
  Fixture f;
  f.t.scheduler.schedule(f.t.now(), [] { throw 42; });  // not even a std::exception
  Execution& e = f.call();
  CHECK_NOTHROW(run_until_idle(f.t, std::chrono::hours(1), nullptr));
  CHECK(e.status == "completed");
}

TEST_CASE("place_call: a listener that throws while the call is created leaves no execution") {
  Fixture f;
  f.throw_once_at("queued");
  CHECK_THROWS(f.call());
  CHECK(f.t.executions.size() == 0);
  CHECK(f.t.active_calls == 0);
  CHECK(f.t.scheduler.pending() == 0);
  Execution& e = f.call();  // the next one works
  CHECK(e.status == "queued");
  CHECK(f.t.executions.size() == 1);
}

TEST_CASE("create_batch: a listener that throws leaves no batch and no row executions") {
  Fixture f;
  BatchCsv csv;
  REQUIRE(parse_batch_csv("contact_number\n+14155550100\n+14155550101\n+14155550102\n", &csv) ==
          "");
  SUBCASE("a batch listener") {
    f.t.batch_listeners.push_back(
        [](BatchAccount&, const Batch&) { throw std::runtime_error("x"); });
  }
  SUBCASE("a status listener at the third row") {
    auto rows = std::make_shared<int>(0);
    f.t.status_listeners.push_back([rows](CallAccount&, const Execution&, const StatusChange&) {
      if (++*rows == 3) throw std::runtime_error("x");
    });
  }
  CHECK_THROWS(create_batch(f.t, *f.agent, BatchSpec{}, std::move(csv)));
  CHECK(f.t.batches.all().empty());
  CHECK(f.t.executions.size() == 0);
  CHECK(f.t.scheduler.pending() == 0);
}

TEST_CASE("execution_room: calls and batches beyond max_executions are refused with 409") {
  Fixture f;
  f.t.max_executions = 2;
  CHECK(execution_room(f.t, 2).ok());
  f.call();
  CHECK(execution_room(f.t, 1).ok());
  Status p = execution_room(f.t, 2);
  CHECK(p.code() == Status::Code::kConflict);  // HTTP 409 (handler/route_helpers.h)
  CHECK(p.message().rfind("This account holds 1 executions; 2 more would pass the limit of 2 "
                        "(--max-executions)",
                        0) == 0);
  f.t.max_executions = 0;  // no limit
  CHECK(execution_room(f.t, 1000000).ok());
}
