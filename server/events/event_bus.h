// EventBus: a bounded publish/subscribe hub for the dashboard's live stream
// (GET /__emulator/stream): execution status transitions, webhook attempts, batch status
// changes, clock moves and resets, each tagged with the tenant it belongs to.
//
// Bounds: at most `max_subscribers` subscriptions at once (subscribe() refuses more), and
// each subscription queues at most `queue_limit` events. A subscriber that does not keep up
// loses the NEWEST events once its queue is full: they are dropped and counted, and the
// next take() reports how many were lost so the consumer can resynchronise. Publishing
// never blocks on a subscriber and never allocates more than one shared event per publish,
// so a slow or stuck consumer cannot grow memory without limit or slow the API.
//
// Thread safety: every method is safe from any thread. publish() is called with a tenant's
// mutex held (status and batch listeners); it takes only the bus's own mutex (lock order:
// tenant mutex, then bus mutex) and never calls out except to the optional body renderer,
// which runs under the caller's locks before the bus mutex is taken. Subscriptions are
// shared_ptr-owned by their consumer; destroying the last reference unsubscribes. The bus
// must outlive its subscriptions' use of it (App owns the bus and stops the HTTP server,
// which ends every stream, before destroying it).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"

namespace bolna {

// One published event. Immutable once published; shared by every subscriber's queue.
struct BusEvent {
  uint64_t id = 0;     // global sequence, from 1 (the SSE `id:`)
  std::string type;    // status, webhook, batch, clock, reset
  std::string tenant;  // the tenant's key
  std::string data;    // the event's JSON text, "tenant" included
  // The same event with the full resource body added (status events: "execution", the
  // execution as GET /executions/{id} shows it at that status). Empty when no subscriber
  // asked for bodies or the publisher has none.
  std::string data_with_body;
};

struct EventBusOptions {
  size_t max_subscribers = 8;  // --stream-max-subscribers (after App's clamp)
  size_t queue_limit = 1000;   // --stream-queue: events queued per subscriber
};

// What a subscriber sees when it takes from its queue.
struct EventBatch {
  std::vector<std::shared_ptr<const BusEvent>> events;  // oldest first
  uint64_t dropped = 0;        // events lost since the previous take (queue was full)
  uint64_t total_dropped = 0;  // lost over the subscription's life
  bool closed = false;         // the bus was closed: end the stream
};

class EventBus;

class EventSubscription {
 public:
  ~EventSubscription();
  EventSubscription(const EventSubscription&) = delete;
  EventSubscription& operator=(const EventSubscription&) = delete;

  // Waits until at least one event is queued, the bus closes, or `timeout` passes, then
  // takes everything queued. Call from one consumer thread at a time.
  EventBatch take(std::chrono::milliseconds timeout);

  // nullopt: every tenant (admin).
  const std::optional<std::string>& tenant() const { return tenant_; }
  bool bodies() const { return bodies_; }

 private:
  friend class EventBus;
  EventSubscription(EventBus& bus, std::optional<std::string> tenant, bool bodies)
      : bus_(bus), tenant_(std::move(tenant)), bodies_(bodies) {}

  EventBus& bus_;
  const std::optional<std::string> tenant_;
  const bool bodies_;
  // Guarded by the bus's mutex.
  std::deque<std::shared_ptr<const BusEvent>> queue_;
  uint64_t dropped_since_take_ = 0;
  uint64_t dropped_total_ = 0;
  std::condition_variable ready_;
  std::list<EventSubscription*>::iterator self_;
};

class EventBus {
 public:
  explicit EventBus(EventBusOptions options = {});
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // A new subscription to one tenant's events (`tenant` = its key) or, with nullopt, to
  // every tenant's. `bodies`: status events carry the execution body. Returns null when
  // `max_subscribers` are subscribed already or the bus is closed.
  std::shared_ptr<EventSubscription> subscribe(std::optional<std::string> tenant, bool bodies);

  // True when some subscription would receive an event of `tenant` (cheap: lets
  // publishers skip building JSON nobody reads). Racy by nature: a subscriber joining
  // meanwhile misses what was skipped, as it would have anyway.
  bool watched(const std::string& tenant) const;

  // Publishes `data` (a JSON object; "tenant" is added) to every subscription of `tenant`
  // and every all-tenant subscription. `body`, when given, is called at most once, only if
  // a receiving subscription asked for bodies; its result is added to the event under
  // `body_key`. Never blocks on a consumer.
  void publish(const std::string& tenant, const std::string& type, Json data,
               const std::function<Json()>& body = nullptr,
               const std::string& body_key = "execution");

  // Wakes every subscription with closed = true and refuses new ones. Idempotent.
  void close();

  size_t subscribers() const;
  const EventBusOptions& options() const { return options_; }
  // Counters over the bus's life (metrics).
  uint64_t published() const { return published_.load(); }
  uint64_t delivered() const { return delivered_.load(); }
  uint64_t dropped() const { return dropped_.load(); }
  uint64_t refused() const { return refused_.load(); }

 private:
  friend class EventSubscription;
  void unsubscribe(EventSubscription* s);

  const EventBusOptions options_;
  mutable std::mutex mu_;
  std::list<EventSubscription*> subs_;  // guarded by mu_
  bool closed_ = false;                 // guarded by mu_
  uint64_t next_id_ = 1;                // guarded by mu_
  std::atomic<size_t> count_{0};        // subs_.size(), readable without mu_
  std::atomic<size_t> all_tenant_count_{0};
  std::atomic<uint64_t> published_{0}, delivered_{0}, dropped_{0}, refused_{0};
};

}  // namespace bolna
