// DeliveryQueue, the webhook state machine on its own (no clock, no transport): FIFO per
// subject, the per-receiver in-flight limit, retries with doubling backoff, giving up,
// permanent failures, redelivery, clear() and the backlog counts.
#include "webhooks/delivery_queue.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace bolna;
using namespace std::chrono;

namespace {

const TimePoint kT0 = TimePoint(seconds(1'800'000'000));

WebhookSubject execution(const std::string& id, const std::string& status) {
  return {"execution", id, "", status, "agent-1"};
}

std::shared_ptr<const std::string> body(const std::string& text) {
  return std::make_shared<const std::string>(text);
}

TransportResult code(int c) {
  TransportResult r;
  r.code = c;
  return r;
}

struct Q {
  DeliveryQueue queue;
  std::vector<PostOrder> orders;
  explicit Q(DeliveryPolicy p = {}) : queue(p) {}
  uint64_t add(const std::string& exec, const std::string& status,
               const std::string& url = "http://127.0.0.1:9000/hook") {
    return queue.add(execution(exec, status), url, body(exec + ":" + status), 0, &orders);
  }
  // Takes the orders made so far.
  std::vector<PostOrder> take() { return std::exchange(orders, {}); }
};

}  // namespace

TEST_CASE("delivery queue: one subject's deliveries go out one at a time, in order") {
  Q q;
  uint64_t a = q.add("e1", "queued");
  uint64_t b = q.add("e1", "initiated");
  uint64_t c = q.add("e1", "ringing");
  auto orders = q.take();
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].delivery_id == a);
  CHECK(orders[0].attempt == 1);
  CHECK(*orders[0].body == "e1:queued");
  CHECK(orders[0].agent_id == "agent-1");
  CHECK(q.queue.backlog().in_flight == 1);
  CHECK(q.queue.backlog().queued == 2);

  auto done = q.queue.complete(a, 1, code(200), kT0, &q.orders);
  REQUIRE(done);
  CHECK(done->result == "delivered");
  CHECK(done->subject.status == "queued");
  orders = q.take();
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].delivery_id == b);
  q.queue.complete(b, 1, code(204), kT0, &q.orders);
  orders = q.take();
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].delivery_id == c);
  q.queue.complete(c, 1, code(200), kT0, &q.orders);
  CHECK(q.take().empty());
  CHECK(q.queue.backlog().total() == 0);
  CHECK(q.queue.receivers() == 0);
}

TEST_CASE("delivery queue: different subjects go in parallel, two per receiver at most") {
  Q q;
  uint64_t a = q.add("e1", "queued");
  uint64_t b = q.add("e2", "queued");
  uint64_t c = q.add("e3", "queued");
  uint64_t other = q.add("e4", "queued", "http://127.0.0.1:9001/other");
  auto orders = q.take();
  REQUIRE(orders.size() == 3);  // e1, e2 to :9000; e3 waits; e4 to :9001
  CHECK(orders[0].delivery_id == a);
  CHECK(orders[1].delivery_id == b);
  CHECK(orders[2].delivery_id == other);
  CHECK(q.queue.backlog().in_flight == 3);
  CHECK(q.queue.backlog().queued == 1);
  // Receivers are told apart by scheme, host and port only.
  q.add("e5", "queued", "http://127.0.0.1:9000/another-path?x=1");
  CHECK(q.take().empty());

  q.queue.complete(b, 1, code(200), kT0, &q.orders);
  orders = q.take();
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].delivery_id == c);  // the first waiting for the receiver
  CHECK(q.queue.in_flight() == 3);
}

TEST_CASE("delivery queue: failures are retried after 30, 60, 120, 240 s, then given up") {
  Q q;  // 5 attempts, 30 s backoff
  uint64_t a = q.add("e1", "queued");
  uint64_t later = q.add("e1", "initiated");
  q.take();
  TimePoint now = kT0;
  std::vector<seconds> delays;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    auto out = q.queue.complete(a, attempt, code(500), now, &q.orders);
    REQUIRE(out);
    CHECK(out->attempt == attempt);
    CHECK(out->response_code == 500);
    CHECK(out->error == "receiver answered HTTP 500");
    if (attempt == 5) {
      CHECK(out->result == "failed");
      CHECK_FALSE(out->next_attempt_at);
      break;
    }
    CHECK(out->result == "retrying");
    REQUIRE(out->next_attempt_at);
    delays.push_back(duration_cast<seconds>(*out->next_attempt_at - now));
    CHECK(q.take().empty());                      // nothing goes until the retry is due
    CHECK(q.queue.backlog().waiting_retry == 2);  // the later one waits behind it
    CHECK(q.queue.backlog().settled());
    now = *out->next_attempt_at;
    q.queue.retry_due(a, &q.orders);
    auto orders = q.take();
    REQUIRE(orders.size() == 1);
    CHECK(orders[0].delivery_id == a);
    CHECK(orders[0].attempt == attempt + 1);
  }
  CHECK(delays == std::vector<seconds>{seconds(30), seconds(60), seconds(120), seconds(240)});
  // Given up: the next delivery of the execution goes at once.
  auto orders = q.take();
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].delivery_id == later);
  CHECK(orders[0].attempt == 1);
}

TEST_CASE("delivery queue: --webhook-attempts and --webhook-backoff are the policy") {
  Q q(DeliveryPolicy{2, 5, 2});
  uint64_t a = q.add("e1", "queued");
  q.take();
  auto first = q.queue.complete(
      a, 1, TransportResult{0, "timeout after 1.000000 s", 1000, false, false}, kT0, &q.orders);
  REQUIRE(first);
  CHECK(first->result == "retrying");
  CHECK(first->response_code == 0);
  CHECK(first->error == "timeout after 1.000000 s");
  CHECK(*first->next_attempt_at - kT0 == seconds(5));
  q.queue.retry_due(a, &q.orders);
  REQUIRE(q.take().size() == 1);
  auto second = q.queue.complete(a, 2, code(503), kT0 + seconds(5), &q.orders);
  REQUIRE(second);
  CHECK(second->result == "failed");
  CHECK(q.queue.backlog().total() == 0);
}

TEST_CASE("delivery queue: an unusable URL fails at once, an abandoned post is not retried") {
  Q q;
  uint64_t bad = q.add("e1", "queued", "ftp://example.invalid/hook");
  auto orders = q.take();
  REQUIRE(orders.size() == 1);
  TransportResult permanent;
  permanent.error = "unsupported URL scheme 'ftp' (expected http or https)";
  permanent.permanent = true;
  auto out = q.queue.complete(bad, 1, permanent, kT0, &q.orders);
  REQUIRE(out);
  CHECK(out->result == "failed");
  CHECK_FALSE(out->next_attempt_at);

  uint64_t a = q.add("e2", "queued");
  q.take();
  TransportResult gone;
  gone.abandoned = true;
  gone.error = "abandoned";
  out = q.queue.complete(a, 1, gone, kT0, &q.orders);
  REQUIRE(out);
  CHECK(out->result == "abandoned");
  CHECK_FALSE(out->next_attempt_at);
}

TEST_CASE("delivery queue: a redelivery queues behind the subject and says what it repeats") {
  Q q;
  uint64_t a = q.add("e1", "queued");
  q.take();
  uint64_t again = q.queue.add(execution("e1", "queued"), "http://127.0.0.1:9000/hook",
                               body("same"), 7, &q.orders);
  CHECK(q.take().empty());  // behind the original
  q.queue.complete(a, 1, code(200), kT0, &q.orders);
  auto orders = q.take();
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].delivery_id == again);
  CHECK(*orders[0].body == "same");
  auto out = q.queue.complete(again, 1, code(200), kT0, &q.orders);
  REQUIRE(out);
  CHECK(out->redelivery_of == 7);
}

TEST_CASE("delivery queue: clear() forgets everything, answers from before are ignored") {
  Q q;
  uint64_t a = q.add("e1", "queued");
  q.add("e1", "initiated");
  q.add("e2", "queued");
  q.take();
  q.queue.complete(a, 1, code(500), kT0, &q.orders);  // waiting for a retry
  q.queue.clear();
  CHECK(q.queue.backlog().total() == 0);
  CHECK(q.queue.in_flight() == 0);
  CHECK(q.queue.receivers() == 0);
  CHECK_FALSE(q.queue.complete(2, 1, code(200), kT0, &q.orders));
  q.queue.retry_due(a, &q.orders);
  CHECK(q.take().empty());
  // Ids start again.
  CHECK(q.add("e3", "queued") == 1);
  // An answer to the wrong attempt number is not this attempt's.
  CHECK_FALSE(q.queue.complete(1, 2, code(200), kT0, &q.orders));
  CHECK(q.queue.complete(1, 1, code(200), kT0, &q.orders));
}

TEST_CASE("delivery queue: paused, nothing more is ordered") {
  Q q;
  uint64_t a = q.add("e1", "queued");
  q.add("e1", "initiated");
  q.take();
  q.queue.pause();
  q.queue.complete(a, 1, code(200), kT0, &q.orders);
  q.add("e2", "queued");
  CHECK(q.take().empty());
  CHECK(q.queue.backlog().queued == 2);
}
