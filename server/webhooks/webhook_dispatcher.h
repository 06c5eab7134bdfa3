// WebhookDispatcher: wires webhook delivery into the tenants: an execution's body on every
// status change to its agent's webhook_url, a batch's body on every batch status change to
// the batch's; the attempts go through the tenant's DeliveryQueue (order, per-receiver
// limit, retries) to a WebhookTransport, retries wait on the tenant's scheduler (virtual
// clock), every attempt is journaled (WebhookJournal) and reported to the attempt observer.
// Clock moves that perform the attempts falling due are in webhooks/clock_drive.h.
//
// Per-tenant state (queue, journal, extra headers) is owned by the tenant
// (Tenant::attachments, filled by attach()) and guarded by the tenant's mutex: it goes
// away with the tenant, and tenants never contend with each other here. Methods say
// whether their caller holds the tenant's mutex; none blocks on the network.
// Thread safety: one instance per App, shared by every tenant; every method may be
// called from any thread. It must outlive the status changes of the tenants it is
// attached to (App destroys it after the HTTP server and the timer thread have stopped).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/time.h"
#include "webhooks/delivery_queue.h"
#include "webhooks/webhook_journal.h"
#include "webhooks/webhook_transport.h"

namespace bolna {

class Tenant;
struct Execution;
struct Batch;

struct WebhookSettings {
  double timeout_seconds = 10;  // connect and per-read timeout of one attempt
  int max_attempts = 5;         // attempts per delivery, the first included
  double backoff_seconds = 30;  // virtual delay before the 2nd attempt; doubles each time
  int workers = 8;              // posts started at once (the transport's workers)
  size_t journal_size = kJournalLimit;  // attempts journaled per tenant (>= 1)
};

// At most this many posts of one tenant to one receiver (scheme://host:port) at once.
inline constexpr int kPerReceiverInFlight = 2;
// How long a clock move waits for posts that were already in flight when it began (made
// by API requests before it) before it goes on without them; the move's own attempts are
// waited for up to the webhook timeout (webhooks/clock_drive.h).
inline constexpr std::chrono::milliseconds kPreMoveGrace{500};
// How long shutdown() lets posts in flight finish before abandoning them.
inline constexpr std::chrono::milliseconds kShutdownGrace{1000};

// Called after every attempt completes with the tenant's key and the attempt as the
// journal shows it (webhook_attempt_json). Any thread; no lock of the dispatcher or of the
// tenant is held, so it may call back into the dispatcher. Must not block for long: it
// runs on a transport thread (or on shutdown()'s caller).
using AttemptObserver = std::function<void(const std::string& tenant_key, const Json& attempt)>;

class WebhookDispatcher {
 public:
  WebhookDispatcher(WebhookSettings settings, Profile profile, const std::string& public_url,
                    std::unique_ptr<WebhookTransport> transport);
  ~WebhookDispatcher();  // shutdown()
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Gives the tenant its webhook state and hooks its execution and batch status changes
  // and its reset (which forgets its queues, journal and headers). Once per tenant, before
  // it is shared with other threads. `public_url` is read when bodies are built.
  void attach(const std::shared_ptr<Tenant>& tenant);

  // --- Caller holds t.mutex -------------------------------------------------------------
  // Queues one POST of `body` to `url`. An empty url does nothing.
  void enqueue(Tenant& t, const WebhookSubject& subject, const std::string& url, std::string body);
  // The execution's current body to its agent's webhook_url, if any (the status listener).
  void deliver_execution(Tenant& t, const Execution& e);
  // The batch's current body to the batch's own webhook_url, if any (the batch listener).
  void deliver_batch(Tenant& t, const Batch& b);
  // Queues a fresh delivery of the body a journaled attempt carried (same URL, the agent's
  // current extra headers). Returns the new delivery id; nullopt when the journal has no
  // such attempt.
  std::optional<uint64_t> redeliver(Tenant& t, uint64_t attempt_id);
  // The journal (oldest first), filtered by execution and/or batch id when non-empty.
  Json journal_json(const Tenant& t, const std::string& execution_id,
                    const std::string& batch_id) const;
  // Attempts the journal holds (what journal_json(t, "", "") would list, without building it).
  size_t journal_size(const Tenant& t) const;
  WebhookBacklog backlog(const Tenant& t) const;
  // Extra headers added to every delivery of an agent's executions ({} removes them).
  void set_agent_headers(Tenant& t, const std::string& agent_id, WebhookHeaders h);
  WebhookHeaders agent_headers(const Tenant& t, const std::string& agent_id) const;

  // --- Caller does NOT hold t.mutex ------------------------------------------------------
  // Waits until none of the tenant's deliveries is queued or in flight (retries waiting
  // for the virtual clock do not count), at most `timeout`.
  WebhookBacklog flush(Tenant& t, std::chrono::milliseconds timeout);

  // --- For clock moves (webhooks/clock_drive.h) ------------------------------------------
  // Serializes the tenant's clock moves: take it before t.mutex.
  std::unique_lock<std::mutex> lock_moves(Tenant& t);
  // Caller holds `lock` on t.mutex. Waits (releasing it meanwhile) until no attempt that
  // may hold a move begun at `began` is in flight: posts made since `began` are waited for
  // up to the webhook timeout (plus a second), posts already in flight then up to
  // kPreMoveGrace (none once the dispatcher is shutting down). Returns false when the
  // tenant was reset since `generation` was read.
  bool await_attempts(Tenant& t, std::unique_lock<std::mutex>& lock,
                      std::chrono::steady_clock::time_point began, uint64_t generation);
  // Caller holds t.mutex. Bumped by every reset of the tenant.
  uint64_t generation(const Tenant& t) const;
  // Caller holds t.mutex. Attempts completed for the tenant so far (never decreases).
  uint64_t attempts_made(const Tenant& t) const;

  // --- Any thread, no lock ---------------------------------------------------------------
  // Replaces the attempt observer (null: none). Safe at any time; an attempt completing
  // meanwhile may still be reported to the previous one.
  void set_attempt_observer(AttemptObserver observer);
  // Stops posting: posts in flight get kShutdownGrace to finish, then are abandoned and
  // journaled with result "abandoned"; clock moves and flushes waiting return. Returns
  // within about kShutdownGrace. Idempotent.
  void shutdown();
  bool stopping() const { return stopping_; }
  // Tenants whose webhook state is alive (they go with their tenant; for tests).
  size_t tenant_states() const { return *live_states_; }

  const WebhookSettings& settings() const { return settings_; }

  struct TenantState;  // per tenant, in Tenant::attachments

 private:
  TenantState* state_of(const Tenant& t) const;
  // Caller holds t.mutex. Hands the queue's orders to the transport.
  void start_posts(TenantState& s, std::vector<PostOrder>& orders);
  void schedule_retry(Tenant& t, TenantState& s, const AttemptOutcome& a);
  void on_done(const std::weak_ptr<Tenant>& tenant, uint64_t generation, uint64_t delivery_id,
               int attempt, TransportResult result);

  WebhookSettings settings_;
  Profile profile_;
  const std::string& public_url_;
  std::unique_ptr<WebhookTransport> transport_;
  std::atomic<bool> stopping_{false};
  std::shared_ptr<std::atomic<size_t>> live_states_;
  mutable std::mutex observer_mu_;  // guards observer_ only; never held while calling it
  std::shared_ptr<const AttemptObserver> observer_;
};

}  // namespace bolna
