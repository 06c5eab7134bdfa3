// DeliveryQueue: the webhook delivery state machine of one tenant, pure logic (no clock, no
// threads, no network). Deliveries of one subject (an execution or a batch) go out one at a
// time, in order; each receiver (scheme://host:port) has at most
// DeliveryPolicy::per_receiver_in_flight posts in flight; a failed attempt waits for its
// retry (backoff doubling from DeliveryPolicy::backoff_seconds) and holds back the later
// deliveries of its subject until it succeeds or gives up after max_attempts.
//
// The owner drives it: add() and retry_due() and complete() append the posts to make now
// to `orders` (the owner hands them to a transport), and complete() says when the retry
// of a failed attempt is due (the owner schedules retry_due() then, on the tenant's
// virtual clock). Not thread-safe: the webhook dispatcher keeps one per tenant, guarded
// by the tenant's mutex.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/time.h"
#include "webhooks/webhook_transport.h"

namespace bolna {

// What a delivery is about.
struct WebhookSubject {
  std::string kind;          // "execution" or "batch"
  std::string execution_id;  // "" for a batch delivery
  std::string batch_id;      // the execution's batch ("" when none) or the batch
  std::string status;        // the status the body carries
  std::string agent_id;      // whose extra headers apply ("" for none)
  // Key of the ordered queue: "execution:<id>" or "batch:<id>".
  std::string queue_key() const {
    return kind == "batch" ? "batch:" + batch_id : "execution:" + execution_id;
  }
};

struct DeliveryPolicy {
  int max_attempts = 5;         // attempts per delivery, the first included
  double backoff_seconds = 30;  // virtual delay before the 2nd attempt; doubles each time
  int per_receiver_in_flight = 2;
};

// State of a tenant's deliveries at one moment.
struct WebhookBacklog {
  size_t queued = 0;         // waiting for their turn (behind another delivery or a receiver)
  size_t in_flight = 0;      // handed to the transport, no answer yet
  size_t waiting_retry = 0;  // failed, next attempt scheduled on the virtual clock (and the
                             // later deliveries of the same subject, held behind it)
  // True when nothing is queued or in flight (only retries wait for the clock).
  bool settled() const { return queued == 0 && in_flight == 0; }
  size_t total() const { return queued + in_flight + waiting_retry; }
};

// One post to make now.
struct PostOrder {
  uint64_t delivery_id = 0;
  int attempt = 0;  // 1 for the first attempt
  std::string url;
  std::shared_ptr<const std::string> body;
  std::string agent_id;  // whose extra headers to send
};

// What became of one attempt (the journal's record, without ids and times).
struct AttemptOutcome {
  uint64_t delivery_id = 0;
  uint64_t redelivery_of = 0;  // the journaled attempt redelivered, 0 for an original
  WebhookSubject subject;
  std::string url;
  std::shared_ptr<const std::string> body;
  int attempt = 0;
  int response_code = 0;  // 0 when the receiver did not answer
  std::string error;      // "" when delivered
  double latency_ms = 0;
  std::string result;                        // "delivered", "retrying", "failed" or "abandoned"
  std::optional<TimePoint> next_attempt_at;  // when "retrying"
};

class DeliveryQueue {
 public:
  explicit DeliveryQueue(DeliveryPolicy policy) : policy_(policy) {}

  // Queues a delivery behind the others of its subject; returns its id (1, 2, ... until
  // clear()). `redelivery_of`: the journaled attempt it repeats, or 0.
  uint64_t add(const WebhookSubject& subject, std::string url,
               std::shared_ptr<const std::string> body, uint64_t redelivery_of,
               std::vector<PostOrder>* orders);

  // The transport's answer to attempt `attempt` of `delivery_id` at virtual time `now`.
  // nullopt when that attempt is not in flight (an answer from before clear()).
  std::optional<AttemptOutcome> complete(uint64_t delivery_id, int attempt,
                                         const TransportResult& result, TimePoint now,
                                         std::vector<PostOrder>* orders);

  // The retry of `delivery_id` is due: it goes out as soon as its receiver has room. A
  // no-op for a delivery that is not waiting for a retry.
  void retry_due(uint64_t delivery_id, std::vector<PostOrder>* orders);

  // Forgets every delivery (tenant reset); answers to posts in flight are ignored.
  void clear();
  // From now on no post is ordered (shutdown); deliveries stay queued.
  void pause() { paused_ = true; }

  WebhookBacklog backlog() const;
  size_t in_flight() const { return in_flight_; }
  // Receivers with a post in flight or a delivery waiting for room (for tests).
  size_t receivers() const { return receivers_.size(); }

 private:
  struct Delivery {
    uint64_t id = 0;
    WebhookSubject subject;
    std::string url;
    std::string receiver;
    std::shared_ptr<const std::string> body;
    int attempts = 0;  // answered so far
    uint64_t redelivery_of = 0;
  };
  enum class Head { kIdle, kWaitingReceiver, kInFlight, kWaitingRetry };
  struct Subject {
    std::deque<Delivery> deliveries;  // front = the one being handled
    Head head = Head::kIdle;
  };
  struct Receiver {
    int in_flight = 0;
    std::deque<std::string> waiting;  // subjects whose head waits for room
  };

  Subject* subject_of(uint64_t delivery_id, std::string* key);
  void make_ready(const std::string& key, Subject& s, std::vector<PostOrder>* orders);
  void start(Subject& s, Receiver& r, std::vector<PostOrder>* orders);
  void release(const std::string& receiver, std::vector<PostOrder>* orders);
  void next_of(const std::string& key, std::vector<PostOrder>* orders);

  DeliveryPolicy policy_;
  uint64_t next_id_ = 1;
  bool paused_ = false;
  size_t in_flight_ = 0;
  std::unordered_map<std::string, Subject> subjects_;
  std::unordered_map<std::string, Receiver> receivers_;
  std::unordered_map<uint64_t, std::string> subject_keys_;  // delivery id -> subject key
};

}  // namespace bolna
