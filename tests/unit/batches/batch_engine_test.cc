// Batch engine (domain/batch_engine.h) driven directly on a manual-clock Tenant: the
// status sequence seen by Tenant::batch_listeners (the batch webhook's hook), counts, and
// cascades on agent delete and reset.
#include "batches/batch_engine.h"

#include <doctest/doctest.h>

#include "calls/call_engine.h"
#include "calls/schedule_rules.h"
#include "tenant/tenant.h"

using namespace bolna;

namespace {

TimePoint at(const char* iso) { return parse_iso8601(iso)->utc; }

struct Fixture {
  Tenant t{"k", false, 7, [] {
             TenantSettings s;
             s.clock_mode = ClockMode::kManual;
             return s;
           }()};
  std::vector<std::string> seen;
  Fixture() {
    t.clock.set_now(at("2026-06-23T12:00:00+00:00"));
    t.agents.create("agent-1", Json::object(), Json::object(), t.now());
    t.batch_listeners.push_back([this](BatchAccount&, const Batch& b) { seen.push_back(b.status); });
  }
  Batch& upload(const std::string& text) {
    BatchCsv csv;
    REQUIRE(parse_batch_csv(text, &csv) == "");
    return create_batch(t, *t.agents.find("agent-1"), BatchSpec{}, std::move(csv));
  }
};

}  // namespace

TEST_CASE("batch engine: listeners see every status change, counts follow the executions") {
  Fixture f;
  Batch& b = f.upload("contact_number\n+14155550100\n+14155550111\n");
  const std::string id = b.id;
  CHECK(b.execution_counts == std::map<std::string, size_t>{{"prepared", 2}});
  CHECK(b.unfinished == 2);
  advance_clock(f.t, f.t.now() + kBatchProcessingDelay, nullptr);
  CHECK(b.status == "processed");
  schedule_batch(f.t, b, round_up_to_ten_minutes(at("2026-06-23T12:03:00+00:00")), false);
  CHECK(*b.scheduled_at == at("2026-06-23T12:10:00+00:00"));
  run_until_idle(f.t, std::chrono::hours(24), nullptr);
  Batch* done = f.t.batches.find(id);
  REQUIRE(done);
  CHECK(done->status == "completed");
  CHECK(done->execution_counts ==
        std::map<std::string, size_t>{{"completed", 1}, {"no-answer", 1}});
  CHECK(done->unfinished == 0);
  CHECK(f.seen ==
        std::vector<std::string>{"created", "processed", "scheduled", "running", "completed"});
  for (const auto& eid : done->execution_ids) {
    const Execution* e = f.t.executions.find(eid);
    REQUIRE(e);
    CHECK(e->batch_id == id);
    CHECK(e->timeline.front().to == "prepared");
  }
}

TEST_CASE("batch engine: stop, agent delete and reset") {
  Fixture f;
  Batch& b = f.upload("contact_number\n+14155550100\n");
  const std::string id = b.id;
  CHECK_FALSE(is_batch_stoppable(b));
  schedule_batch(f.t, b, at("2026-06-23T12:10:00+00:00"), false);
  CHECK(is_batch_stoppable(b));
  stop_batch(f.t, b);
  CHECK(b.status == "stopped");
  CHECK(b.execution_counts == std::map<std::string, size_t>{{"stopped", 1}});
  CHECK(f.seen.back() == "stopped");
  CHECK_FALSE(is_batch_schedulable(b));

  f.upload("contact_number\n+14155550100\n");
  CHECK(f.t.batches.size() == 2);
  CHECK(f.t.remove_agent("agent-1"));
  CHECK(f.t.batches.size() == 0);
  CHECK(f.t.executions.size() == 0);
  CHECK(f.t.scheduler.pending() == 0);

  f.t.agents.create("agent-1", Json::object(), Json::object(), f.t.now());
  f.upload("contact_number\n+14155550100\n");
  f.t.reset();
  CHECK(f.t.batches.size() == 0);
  CHECK(f.t.batch_listeners.size() == 1);  // wiring survives reset
}
