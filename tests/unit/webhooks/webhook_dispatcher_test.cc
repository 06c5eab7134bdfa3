// WebhookDispatcher and the clock drive on a manual-clock Tenant with a FAKE transport (no
// sockets): status changes become posts with the GET body, retries wait on the tenant's
// scheduler (30/60/120/240 s), give-up, redelivery, extra headers, reset, per-tenant state
// that dies with its tenant, the attempt observer (outside every lock), shutdown, and clock
// moves that perform every attempt falling due.
#include "webhooks/webhook_dispatcher.h"

#include <doctest/doctest.h>

#include <chrono>
#include <map>

#include "calls/call_engine.h"
#include "fake_transport.h"
#include "manual_tenant.h"
#include "tenant/tenant.h"
#include "webhooks/clock_drive.h"
#include "webhooks/webhook_body.h"

using namespace bolna;
using namespace bolna::testing;
using namespace std::chrono;

namespace {

const std::string kHook = "http://127.0.0.1:9000/hook";

struct Fixture {
  FakeTransport* fake = nullptr;
  std::string public_url = "http://127.0.0.1:8080";
  std::unique_ptr<WebhookDispatcher> webhooks;
  std::shared_ptr<Tenant> tenant;
  const Agent* agent = nullptr;

  explicit Fixture(WebhookSettings settings = {}) {
    auto transport = std::make_unique<FakeTransport>();
    fake = transport.get();
    webhooks = std::make_unique<WebhookDispatcher>(settings, Profile::kDocs, public_url,
                                                   std::move(transport));
    tenant = make_tenant("unit");
    agent = &tenant->agents.create("agent-1", Json{{"agent_name", "A"}, {"webhook_url", kHook}},
                                   Json::object(), tenant->now());
  }
  ~Fixture() {
    webhooks->shutdown();
    tenant.reset();
  }
  std::shared_ptr<Tenant> make_tenant(const std::string& key) {
    auto t = std::make_shared<Tenant>(key, false, 42, manual_clock_settings());
    webhooks->attach(t);
    return t;
  }
  Tenant& t() { return *tenant; }
  Execution& call(const std::string& to = "+14155550100") {
    std::lock_guard l(t().mutex);
    CallRequest r;
    r.agent_id = agent->id;
    r.recipient = to;
    r.from_number = "+12025550100";
    return place_call(t(), *agent, r);
  }
  void advance(double seconds) {
    advance_to(t().now() + Micros(static_cast<int64_t>(seconds * 1e6)));
  }
  void advance_to(TimePoint at) {
    std::lock_guard l(t().mutex);
    advance_clock(t(), at, nullptr);
  }
  // Waits until the first answers have come back (the responder answers at once).
  void settle() { REQUIRE(webhooks->flush(t(), seconds(5)).settled()); }
  Json journal(const std::string& execution_id = "") {
    std::lock_guard l(t().mutex);
    return webhooks->journal_json(t(), execution_id, "");
  }
  WebhookBacklog backlog() {
    std::lock_guard l(t().mutex);
    return webhooks->backlog(t());
  }
  std::optional<TimePoint> next_due() {
    std::lock_guard l(t().mutex);
    return t().scheduler.next_due();
  }
  ClockMoveReport move(double seconds, WebhookMode mode = WebhookMode::kSync) {
    auto moves = webhooks->lock_moves(t());
    std::unique_lock l(t().mutex);
    TimePoint target = t().now() + Micros(static_cast<int64_t>(seconds * 1e6));
    return move_clock_to(*webhooks, t(), l, target, nullptr, mode);
  }
  ClockMoveReport until_idle(bool* idle) {
    auto moves = webhooks->lock_moves(t());
    std::unique_lock l(t().mutex);
    return run_clock_until_idle(*webhooks, t(), l, hours(24 * 400), nullptr, WebhookMode::kSync,
                                idle);
  }
  std::vector<std::string> timeline(const Execution& e) {
    std::lock_guard l(t().mutex);
    std::vector<std::string> out;
    for (const auto& c : e.timeline) out.push_back(c.to);
    return out;
  }
};

std::string status_of(const FakeTransport::Post& p) {
  return Json::parse(p.body)["status"].get<std::string>();
}

TimePoint time_of(const Json& attempt) {
  return parse_iso8601(attempt["virtual_time"].get<std::string>())->utc;
}

}  // namespace

TEST_CASE("webhook dispatcher: a status change posts the body GET returns, with the headers") {
  Fixture f;
  Execution& e = f.call();
  REQUIRE(f.fake->count() == 1);
  FakeTransport::Post p = f.fake->at(0);
  CHECK(p.url == kHook);
  {
    std::lock_guard l(f.t().mutex);
    CHECK(p.body == execution_webhook_body(e, Profile::kDocs, f.public_url));
  }
  CHECK(Json::parse(p.body)["status"] == "queued");
  CHECK(p.header("User-Agent") == std::string("bolna-emulator/") + BOLNA_EMULATOR_VERSION);
  CHECK(p.timeout == seconds(10));
  CHECK(f.backlog().in_flight == 1);

  // Extra headers apply from the next post on; a User-Agent of the agent's wins.
  {
    std::lock_guard l(f.t().mutex);
    f.webhooks->set_agent_headers(f.t(), "agent-1", {{"X-Tenant", "acme"}, {"user-agent", "me"}});
    CHECK(f.webhooks->agent_headers(f.t(), "agent-1").size() == 2);
  }
  f.fake->answer(0, 200);
  f.advance(1);  // initiated
  REQUIRE(f.fake->count() == 2);
  CHECK(f.fake->at(1).header("X-Tenant") == "acme");
  CHECK(f.fake->at(1).header("user-agent") == "me");
  CHECK(f.fake->at(1).header("User-Agent").empty());
  Json j = f.journal(e.id);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["result"] == "delivered");
  CHECK(j[0]["response_code"] == 200);
  CHECK(j[0]["attempt"] == 1);
  CHECK(j[0]["id"] == 1);
  CHECK(j[0]["delivery_id"] == 1);
}

TEST_CASE(
    "webhook dispatcher: retries wait on the tenant's clock 30, 60, 120, 240 s, then give up") {
  Fixture f;
  Execution& e = f.call();
  TimePoint start = f.t().now();
  std::vector<TimePoint> retry_times;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    REQUIRE(f.fake->count() == static_cast<size_t>(attempt));
    CHECK(status_of(f.fake->at(attempt - 1)) == "queued");
    f.fake->answer(attempt - 1, 500);
    if (attempt == 5) break;
    // The call's own transitions are due earlier and queue behind the retry.
    Json last = f.journal(e.id).back();
    REQUIRE(last["result"] == "retrying");
    TimePoint retry_at = parse_iso8601(last["next_attempt_at"].get<std::string>())->utc;
    retry_times.push_back(retry_at);
    f.advance_to(retry_at - Micros(1));
    CHECK(f.fake->count() == static_cast<size_t>(attempt));  // not yet
    f.advance_to(retry_at);
  }
  std::vector<seconds> gaps;
  TimePoint prev = start;
  for (TimePoint at : retry_times) {
    gaps.push_back(duration_cast<seconds>(at - prev));
    prev = at;
  }
  CHECK(gaps == std::vector<seconds>{seconds(30), seconds(60), seconds(120), seconds(240)});
  Json j = f.journal(e.id);
  REQUIRE(j.size() == 5);
  CHECK(j[4]["result"] == "failed");
  CHECK(j[4]["next_attempt_at"].is_null());
  // Given up: the later statuses of the call go out now, in order, one at a time.
  REQUIRE(f.fake->count() == 6);
  CHECK(status_of(f.fake->at(5)) == "initiated");
  while (f.fake->answer_all(200) > 0) {
  }
  std::vector<std::string> sent;
  for (const auto& p : f.fake->all()) sent.push_back(status_of(p));
  std::vector<std::string> expected = f.timeline(e);
  expected.insert(expected.begin(), 4, "queued");  // the four failed retries of queued
  CHECK(sent == expected);
  CHECK(f.backlog().total() == 0);
}

TEST_CASE("webhook dispatcher: --webhook-attempts and --webhook-backoff") {
  WebhookSettings s;
  s.max_attempts = 2;
  s.backoff_seconds = 5;
  s.timeout_seconds = 0.25;
  Fixture f(s);
  f.call();
  CHECK(f.fake->at(0).timeout == milliseconds(250));
  f.fake->answer(0, refused());
  Json j = f.journal();
  REQUIRE(j.size() == 1);
  CHECK(j[0]["error"] == "connection refused or unreachable");
  CHECK(j[0]["response_code"].is_null());
  CHECK(parse_iso8601(j[0]["next_attempt_at"].get<std::string>())->utc - time_of(j[0]) ==
        seconds(5));
  f.advance(5);
  REQUIRE(f.fake->count() == 2);
  f.fake->answer(1, 503);
  CHECK(f.journal()[1]["result"] == "failed");
}

TEST_CASE("webhook dispatcher: redelivery repeats a journaled body, unknown ids are refused") {
  Fixture f;
  f.call();
  f.fake->answer(0, 200);
  std::optional<uint64_t> again;
  {
    std::lock_guard l(f.t().mutex);
    CHECK_FALSE(f.webhooks->redeliver(f.t(), 99));
    again = f.webhooks->redeliver(f.t(), 1);
  }
  REQUIRE(again);
  REQUIRE(f.fake->count() == 2);
  CHECK(f.fake->at(1).body == f.fake->at(0).body);
  f.fake->answer(1, 200);
  Json j = f.journal();
  REQUIRE(j.size() == 2);
  CHECK(j[1]["redelivery_of"] == 1);
  CHECK(j[1]["delivery_id"] == *again);
}

TEST_CASE("webhook dispatcher: reset forgets queues, retries, journal and headers") {
  Fixture f;
  f.call();
  f.call("+14155550101");
  {
    std::lock_guard l(f.t().mutex);
    f.webhooks->set_agent_headers(f.t(), "agent-1", {{"X-A", "1"}});
  }
  f.fake->answer(0, 500);  // waits for a retry
  CHECK(f.backlog().waiting_retry == 1);
  CHECK(f.backlog().in_flight == 1);
  {
    std::lock_guard l(f.t().mutex);
    f.t().reset();
    CHECK(f.webhooks->agent_headers(f.t(), "agent-1").empty());
    CHECK(f.t().scheduler.pending() == 0);
  }
  CHECK(f.backlog().total() == 0);
  CHECK(f.journal().empty());
  f.fake->answer(1, 200);  // an answer from before the reset changes nothing
  CHECK(f.journal().empty());
  CHECK(f.backlog().total() == 0);
}

TEST_CASE("webhook dispatcher: a tenant's webhook state goes away with the tenant") {
  Fixture f;
  CHECK(f.webhooks->tenant_states() == 1);
  std::vector<std::shared_ptr<Tenant>> many;
  for (int i = 0; i < 50; ++i) {
    auto t = f.make_tenant("k" + std::to_string(i));
    std::lock_guard l(t->mutex);
    const Agent& a = t->agents.create("a", Json{{"webhook_url", kHook}}, Json::object(), t->now());
    CallRequest r;
    r.agent_id = a.id;
    r.recipient = "+14155550100";
    place_call(*t, a, r);
    many.push_back(t);
  }
  CHECK(f.webhooks->tenant_states() == 51);
  CHECK(f.fake->count() == 50);
  many.clear();
  CHECK(f.webhooks->tenant_states() == 1);
  // Answers for the tenants that are gone are dropped without a trace.
  CHECK(f.fake->answer_all(200) == 50);
  CHECK(f.journal().empty());
}

TEST_CASE("webhook dispatcher: the observer sees every attempt, outside every lock") {
  Fixture f;
  std::vector<std::pair<std::string, Json>> seen;
  bool tenant_was_free = true;
  f.webhooks->set_attempt_observer([&](const std::string& key, const Json& attempt) {
    // Not under the tenant's mutex: it can be taken (and the dispatcher called) here.
    if (!f.t().mutex.try_lock()) {
      tenant_was_free = false;
      return;
    }
    Json journal = f.webhooks->journal_json(f.t(), "", "");
    f.t().mutex.unlock();
    CHECK(journal.back() == attempt);
    seen.emplace_back(key, attempt);
  });
  f.call();
  f.fake->answer(0, 500);
  f.advance(30);
  f.fake->answer(1, 200);
  CHECK(tenant_was_free);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].first == "unit");
  CHECK(seen[0].second["result"] == "retrying");
  CHECK(seen[1].second["result"] == "delivered");
  CHECK(Json(f.journal()) == Json::array({seen[0].second, seen[1].second}));
  f.webhooks->set_attempt_observer(nullptr);
  f.advance(1);
  f.fake->answer(2, 200);
  CHECK(seen.size() == 2);
}

TEST_CASE("webhook dispatcher: shutdown abandons posts in flight and journals them") {
  Fixture f;
  f.call();
  f.call("+14155550101");
  f.webhooks->shutdown();
  Json j = f.journal();
  REQUIRE(j.size() == 2);
  for (const auto& a : j) {
    CHECK(a["result"] == "abandoned");
    CHECK(a["next_attempt_at"].is_null());
  }
  f.advance(1);  // later status changes post nothing
  CHECK(f.fake->count() == 2);
  // Waiting for deliveries returns at once.
  CHECK(f.webhooks->flush(f.t(), seconds(5)).in_flight == 0);
}

TEST_CASE("clock drive: one move performs every attempt due in it, in order, waiting for each") {
  Fixture f;
  // A receiver that refuses every connection.
  f.fake->respond_with([](const FakeTransport::Post&, size_t) { return refused(); });
  Execution& e = f.call();
  f.settle();  // the first attempt (made by the call, before the move) has failed
  ClockMoveReport r = f.move(6 * 3600);
  CHECK_FALSE(r.interrupted);
  Json j = f.journal(e.id);
  std::vector<std::string> statuses = f.timeline(e);
  REQUIRE(statuses.size() == 6);
  // Every status: five attempts, 30/60/120/240 s apart on the virtual clock, then failed.
  REQUIRE(j.size() == 30);
  CHECK(r.attempts == 29);
  CHECK(r.left.total() == 0);
  std::map<uint64_t, std::vector<Json>> by_delivery;
  for (const auto& a : j) by_delivery[a["delivery_id"].get<uint64_t>()].push_back(a);
  REQUIRE(by_delivery.size() == 6);
  size_t i = 0;
  for (const auto& [id, attempts] : by_delivery) {
    CAPTURE(id);
    REQUIRE(attempts.size() == 5);
    CHECK(attempts[0]["status"] == statuses[i++]);
    for (int k = 0; k < 5; ++k) CHECK(attempts[k]["attempt"] == k + 1);
    for (int k = 1; k < 5; ++k)
      CHECK(time_of(attempts[k]) - time_of(attempts[k - 1]) == seconds(30 << (k - 1)));
    CHECK(attempts[4]["result"] == "failed");
  }
  CHECK(f.backlog().total() == 0);
  CHECK_FALSE(f.next_due());
}

TEST_CASE("clock drive: a receiver down then up loses nothing, run until idle ends idle") {
  Fixture f;
  // Refuses until the clock passes T0 + 100 s, then accepts.
  TimePoint t0 = f.t().now();
  Tenant* t = &f.t();
  f.fake->respond_with([t, t0](const FakeTransport::Post&, size_t) {
    std::lock_guard l(t->mutex);
    return t->now() < t0 + seconds(100) ? refused() : answered(200);
  });
  Execution& e = f.call();
  f.settle();
  ClockMoveReport first = f.move(100);
  // queued: attempts at +0 (refused), +30 (refused), +90 (refused); the 4th is due at +210.
  Json j = f.journal(e.id);
  REQUIRE(j.size() == 3);
  CHECK(first.attempts == 2);
  CHECK(first.left.waiting_retry == 6);  // queued, and the five later statuses behind it
  bool idle = false;
  ClockMoveReport rest = f.until_idle(&idle);
  CHECK(idle);
  CHECK(rest.left.total() == 0);
  j = f.journal(e.id);
  REQUIRE(j.size() == 9);  // 4 attempts of queued, 1 of each later status
  CHECK(rest.attempts == 6);
  CHECK(j[3]["status"] == "queued");
  CHECK(j[3]["attempt"] == 4);
  CHECK(j[3]["result"] == "delivered");
  CHECK(time_of(j[3]) - t0 == seconds(210));
  std::vector<std::string> delivered;
  for (const auto& a : j)
    if (a["result"] == "delivered") delivered.push_back(a["status"]);
  CHECK(delivered == f.timeline(e));
}

TEST_CASE("clock drive: async moves do not wait, run until idle counts deliveries left") {
  Fixture f;
  f.call();
  ClockMoveReport r = f.move(6 * 3600, WebhookMode::kAsync);
  CHECK(r.attempts == 0);
  CHECK(r.left.in_flight == 1);
  CHECK(r.left.queued == 5);
  // A sync run until idle waits on a post older than the move only for a moment, then
  // reports what is left instead of claiming idle.
  auto started = steady_clock::now();
  bool idle = true;
  ClockMoveReport rest = f.until_idle(&idle);
  CHECK(steady_clock::now() - started >= kPreMoveGrace - milliseconds(50));
  CHECK(steady_clock::now() - started < seconds(5));
  CHECK_FALSE(idle);
  CHECK(rest.left.total() == 6);
}

TEST_CASE("webhook dispatcher: --webhook-journal-size keeps the newest attempts per tenant") {
  WebhookSettings s;
  s.journal_size = 3;
  Fixture f(s);
  Execution& e = f.call();
  // One delivery failing five times: five attempts, of which the journal keeps the last 3.
  for (int attempt = 1; attempt <= 5; ++attempt) {
    REQUIRE(f.fake->count() == static_cast<size_t>(attempt));
    f.fake->answer(attempt - 1, 500);
    if (attempt == 5) break;
    Json last = f.journal(e.id).back();
    f.advance_to(parse_iso8601(last["next_attempt_at"].get<std::string>())->utc);
  }
  Json j = f.journal(e.id);
  REQUIRE(j.size() == 3);
  CHECK(j[0]["id"] == 3);
  CHECK(j[2]["id"] == 5);
  CHECK(j[2]["result"] == "failed");
  {
    std::lock_guard l(f.t().mutex);
    CHECK(f.webhooks->journal_size(f.t()) == 3);
    CHECK_FALSE(f.webhooks->redeliver(f.t(), 1).has_value());  // dropped: nothing to repeat
    CHECK(f.webhooks->redeliver(f.t(), 5).has_value());
  }
}
