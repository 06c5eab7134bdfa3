// WebhookDispatcher: delivers webhooks (an execution's body on every status change to its
// agent's webhook_url, a batch's body on every batch status change to the batch's) to the
// receivers' URLs, retries failures on the tenant's virtual clock, and keeps a journal of every
// attempt per tenant.
//
// Threading: one instance per App, shared by every tenant. Bodies are queued by the
// tenant's status listeners (under the tenant's mutex) and never block; blocking HTTP
// posts (cpp-httplib client) run on a small Boost.Asio thread pool. Deliveries of one
// subject (execution or batch) go out one at a time, in order; different subjects go in
// parallel, and each receiver (scheme://host:port) has at most kPerReceiverInFlight posts
// in flight, so a hanging receiver only holds its own deliveries and a bounded share of
// the workers. Lock order: a tenant's mutex before the dispatcher's own mutex. Methods
// say whether their caller holds the tenant's mutex. attach() tenants before they serve.
#pragma once

#include <httplib.h>

#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "tenant/tenant.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

struct WebhookSettings {
  double timeout_seconds = 10;  // connect and per-read timeout of one attempt
  int max_attempts = 5;         // attempts per delivery, the first included
  double backoff_seconds = 30;  // virtual delay before the 2nd attempt; doubles each time
  int workers = 8;              // threads posting webhooks
};

// At most this many posts to one receiver (scheme://host:port) run at once.
inline constexpr int kPerReceiverInFlight = 2;
// Attempts kept in a tenant's journal; the oldest are dropped beyond.
inline constexpr size_t kJournalLimit = 10000;

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

// State of a tenant's deliveries at one moment (flush and the journal listing).
struct WebhookBacklog {
  size_t queued = 0;         // waiting for their turn (behind another delivery or a receiver)
  size_t in_flight = 0;      // being posted right now
  size_t waiting_retry = 0;  // failed, next attempt scheduled on the virtual clock
  // True when nothing is queued or in flight (only retries wait for the clock).
  bool settled() const { return queued == 0 && in_flight == 0; }
};

class WebhookDispatcher {
 public:
  // `public_url` is read when bodies are built (after the server has bound).
  WebhookDispatcher(WebhookSettings settings, Profile profile, const std::string& public_url);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Hooks the tenant's execution status changes (to its agents' webhook_url) and its
  // reset (which forgets its queues, journal and headers). Once per tenant.
  void attach(const std::shared_ptr<Tenant>& tenant);

  // Queues one POST of `body` to `url`. An empty url does nothing. Caller holds t.mutex.
  void enqueue(Tenant& t, const WebhookSubject& subject, const std::string& url, std::string body);

  // Queues the execution's current body to its agent's webhook_url, if any. Caller
  // holds t.mutex. (The status listener does this on every status change.)
  void deliver_execution(Tenant& t, const Execution& e);

  // Queues the batch's current body to the batch's own webhook_url, if any. Caller
  // holds t.mutex. (The batch listener does this on every batch status change.)
  void deliver_batch(Tenant& t, const Batch& b);

  // Queues a fresh delivery of the body a journaled attempt carried (same URL, the
  // agent's current extra headers). Returns the new delivery id, or nullopt when the
  // journal has no such attempt. Caller holds t.mutex.
  std::optional<uint64_t> redeliver(Tenant& t, uint64_t attempt_id);

  // Waits until none of the tenant's deliveries is queued or in flight (retries waiting
  // for the virtual clock do not count), at most `timeout`. Caller must NOT hold t.mutex.
  WebhookBacklog flush(Tenant& t, std::chrono::milliseconds timeout);

  // The journal (oldest first), filtered by execution and/or batch id when non-empty.
  Json journal_json(const Tenant& t, const std::string& execution_id,
                    const std::string& batch_id) const;
  WebhookBacklog backlog(const Tenant& t) const;

  // Extra headers added to every delivery of an agent's executions.
  void set_agent_headers(const Tenant& t, const std::string& agent_id, httplib::Headers h);
  httplib::Headers agent_headers(const Tenant& t, const std::string& agent_id) const;

  // Stops posting; waits for posts in flight (each bounded by the timeout). Idempotent.
  void shutdown();

  const WebhookSettings& settings() const { return settings_; }

  // STUB (ui branch, issue #17): minimal stand-in for the rewritten dispatcher's observer;
  // drop this at merge in favour of the rewrite's. Called after every attempt is journaled,
  // with the tenant's key and the attempt as GET /__emulator/webhooks lists it, on the
  // thread that completed the attempt, under the tenant's and the dispatcher's locks: it
  // must not block or call back into the dispatcher. Set before serving.
  void set_attempt_observer(
      std::function<void(const std::string& tenant_key, const Json& attempt_json)> observer) {
    attempt_observer_ = std::move(observer);
  }

 private:
  struct Delivery {
    uint64_t id = 0;
    WebhookSubject subject;
    std::string url;
    std::shared_ptr<const std::string> body;
    int attempts = 0;            // made so far
    uint64_t redelivery_of = 0;  // attempt id, 0 for an original delivery
  };
  enum class HeadState { kIdle, kQueued, kInFlight, kWaitingRetry };
  struct SubjectQueue {
    std::deque<Delivery> deliveries;  // front = the one being handled
    HeadState head = HeadState::kIdle;
  };
  struct Attempt {
    uint64_t id = 0;
    uint64_t delivery_id = 0;
    uint64_t redelivery_of = 0;
    WebhookSubject subject;
    std::string url;
    std::shared_ptr<const std::string> body;
    int attempt = 0;
    int response_code = 0;  // 0 when no answer
    std::string error;      // "" when the receiver answered
    double latency_ms = 0;
    TimePoint virtual_time;
    TimePoint wall_time;
    std::string result;  // delivered, retrying, failed
    std::optional<TimePoint> next_attempt_at;
  };
  struct TenantState {
    std::weak_ptr<Tenant> tenant;
    uint64_t generation = 0;  // bumped by reset; stale completions are dropped
    uint64_t next_id = 1;
    std::map<std::string, SubjectQueue> queues;
    std::deque<Attempt> journal;
    std::unordered_map<std::string, httplib::Headers> agent_headers;
  };
  struct Waiting {
    std::shared_ptr<TenantState> state;
    uint64_t generation;
    std::string key;
  };
  struct Receiver {
    int in_flight = 0;
    std::deque<Waiting> waiting;
  };
  struct PostResult {
    int status = 0;
    std::string error;
    bool permanent = false;  // no point retrying (bad URL)
    double latency_ms = 0;
  };

  std::shared_ptr<TenantState> state_of(const Tenant& t) const;
  // All below: caller holds mu_.
  void make_ready(const std::shared_ptr<TenantState>& s, const std::string& key);
  void start_post(const std::shared_ptr<TenantState>& s, const std::string& key);
  void release_receiver(const std::string& receiver);
  void advance_queue(const std::shared_ptr<TenantState>& s, const std::string& key);
  static WebhookBacklog count(const TenantState& s);
  // Runs on a worker; no locks held.
  PostResult post(const Delivery& d, const httplib::Headers& extra) const;
  void complete(std::shared_ptr<TenantState> s, uint64_t generation, std::string key,
                uint64_t delivery_id, std::string receiver, PostResult result);

  static Json attempt_to_json(const Attempt& a);  // STUB (ui branch): shared with journal_json

  std::function<void(const std::string&, const Json&)> attempt_observer_;  // STUB (ui branch)
  WebhookSettings settings_;
  Profile profile_;
  const std::string& public_url_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::unordered_map<const Tenant*, std::shared_ptr<TenantState>> tenants_;
  std::unordered_map<std::string, Receiver> receivers_;
  bool stopping_ = false;
  boost::asio::thread_pool pool_;
};

// "http://host:port/path" -> "http://host:port"; "" when not an http(s) URL.
std::string webhook_receiver_of(const std::string& url);

}  // namespace bolna
