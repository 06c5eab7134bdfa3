// final_execution_json(): kept text only for final executions, the same bytes as a fresh
// dump, made once; any status change drops it.
#include <doctest/doctest.h>

#include "calls/call_engine.h"
#include "calls/execution.h"
#include "manual_tenant.h"
#include "tenant/tenant.h"

using namespace bolna;
using namespace std::chrono;

namespace {

std::string fresh(const Execution& e, Profile p, const std::string& url) {
  return execution_to_json(e, p, url).dump(-1, ' ', false, Json::error_handler_t::replace);
}

struct Fixture {
  Tenant t{"unit", false, 42, testing::manual_clock_settings()};
  const Agent* agent;
  Fixture() {
    agent = &t.agents.create("agent-1", Json{{"agent_name", "A"}, {"tasks", Json::array()}},
                             Json::object(), t.now());
  }
  Execution& call(const std::string& to, std::optional<RetryConfig> retry = std::nullopt) {
    CallRequest r;
    r.agent_id = agent->id;
    r.recipient = to;
    r.from_number = "+12025550100";
    r.user_data = Json{{"name", "Asha \xff"}};  // invalid UTF-8 is replaced, as in replies
    r.retry = retry;
    return place_call(t, *agent, r);
  }
  void step() {
    auto next = t.scheduler.next_due();
    REQUIRE(next);
    advance_clock(t, *next, nullptr);
  }
};

}  // namespace

TEST_CASE("execution text: only final executions, same bytes as a fresh dump, per profile") {
  Fixture f;
  Execution& e = f.call("+919876543210");
  while (f.t.scheduler.next_due()) {
    CAPTURE(e.status);
    CHECK_FALSE(final_execution_json(e, Profile::kDocs, "http://emu"));
    f.step();
  }
  REQUIRE(e.status == "completed");
  for (Profile p : {Profile::kDocs, Profile::kLive}) {
    for (const char* url : {"http://emu", "http://other"}) {
      auto text = final_execution_json(e, p, url);
      REQUIRE(text);
      CHECK(*text == fresh(e, p, url));
    }
  }
}

TEST_CASE("execution text: a final execution is serialized once; a retry drops the text") {
  Fixture f;
  Execution& done = f.call("+919876543210");
  run_until_idle(f.t, hours(1), nullptr);
  REQUIRE(done.status == "completed");
  auto a = final_execution_json(done, Profile::kDocs, "http://emu");
  auto b = final_execution_json(done, Profile::kDocs, "http://emu");
  REQUIRE(a);
  CHECK(a.get() == b.get());  // the same kept text
  CHECK(final_execution_json(done, Profile::kLive, "http://emu").get() != a.get());

  // Not final while a retry is scheduled (busy -> scheduled in the same step).
  RetryConfig rc;
  rc.enabled = true;
  rc.retry_intervals_minutes = {15};
  Execution& retried = f.call("+12025550118", rc);  // busy, then completed on retry
  while (retried.retry_count == 0) f.step();
  CHECK(retried.status == "scheduled");
  CHECK_FALSE(final_execution_json(retried, Profile::kDocs, "http://emu"));
  run_until_idle(f.t, hours(2), nullptr);
  REQUIRE(retried.status == "completed");
  REQUIRE(final_execution_json(retried, Profile::kDocs, "http://emu"));
  CHECK(*final_execution_json(retried, Profile::kDocs, "http://emu") ==
        fresh(retried, Profile::kDocs, "http://emu"));

  // Any status change drops the kept text.
  set_status(f.t, done, "stopped");
  auto after = final_execution_json(done, Profile::kDocs, "http://emu");
  REQUIRE(after);
  CHECK(*after == fresh(done, Profile::kDocs, "http://emu"));
  CHECK(*after != *a);
}
