#include "webhooks/webhook_dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "batches/batch.h"
#include "calls/execution.h"
#include "tenant/tenant.h"
#include "webhooks/webhook_body.h"
#include "webhooks/webhook_headers.h"
#include "webhooks/webhook_journal.h"

namespace bolna {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Waits re-check the dispatcher's shutdown flag at least this often.
constexpr auto kWaitSlice = std::chrono::milliseconds(200);

}  // namespace

// One tenant's webhook state, owned by the tenant (Tenant::attachments). Every member but
// `moves` is guarded by the tenant's mutex; `changed` is waited on with it.
struct WebhookDispatcher::TenantState {
  TenantState(DeliveryPolicy policy, size_t journal_size, std::weak_ptr<Tenant> owner,
              std::shared_ptr<std::atomic<size_t>> live_count)
      : queue(policy),
        journal(journal_size),
        tenant(std::move(owner)),
        live(std::move(live_count)) {
    *live += 1;
  }
  ~TenantState() { *live -= 1; }
  TenantState(const TenantState&) = delete;
  TenantState& operator=(const TenantState&) = delete;

  DeliveryQueue queue;
  WebhookJournal journal;
  AgentWebhookHeaders headers;
  std::weak_ptr<Tenant> tenant;
  uint64_t generation = 0;     // bumped by reset: answers of older posts are dropped
  uint64_t attempts_made = 0;  // completed attempts, ever
  // Deliveries with a post in flight, and when it was handed to the transport.
  std::unordered_map<uint64_t, SteadyClock::time_point> posted_at;
  std::condition_variable changed;  // an attempt completed, a retry started, a reset
  std::mutex moves;                 // serializes the tenant's clock moves
  std::shared_ptr<std::atomic<size_t>> live;
};

WebhookDispatcher::WebhookDispatcher(WebhookSettings settings, Profile profile,
                                     const std::string& public_url,
                                     std::unique_ptr<WebhookTransport> transport)
    : settings_(settings),
      profile_(profile),
      public_url_(public_url),
      transport_(std::move(transport)),
      live_states_(std::make_shared<std::atomic<size_t>>(0)) {}

WebhookDispatcher::~WebhookDispatcher() { shutdown(); }

void WebhookDispatcher::shutdown() {
  if (stopping_.exchange(true)) return;
  // Abandoned posts come back through on_done (journaled "abandoned"); waiting clock
  // moves and flushes see stopping_ within a wait slice.
  transport_->shutdown(kShutdownGrace);
}

void WebhookDispatcher::attach(const std::shared_ptr<Tenant>& tenant) {
  DeliveryPolicy policy{settings_.max_attempts, settings_.backoff_seconds, kPerReceiverInFlight};
  auto state = std::make_shared<TenantState>(policy, std::max<size_t>(1, settings_.journal_size),
                                             tenant, live_states_);
  TenantState* s = state.get();
  tenant->attachments[this] = std::move(state);
  // The listeners live inside the tenant, so the raw pointers they capture outlive them.
  Tenant* owner = tenant.get();
  tenant->status_listeners.push_back(
      [this, owner](CallAccount&, const Execution& e, const StatusChange&) {
        deliver_execution(*owner, e);
      });
  tenant->batch_listeners.push_back(
      [this, owner](BatchAccount&, const Batch& b) { deliver_batch(*owner, b); });
  tenant->reset_listeners.push_back([s](Tenant&) {
    s->generation += 1;
    s->queue.clear();
    s->journal.clear();
    s->headers.clear();
    s->posted_at.clear();
    s->changed.notify_all();
  });
}

WebhookDispatcher::TenantState* WebhookDispatcher::state_of(const Tenant& t) const {
  auto it = t.attachments.find(this);
  return it == t.attachments.end() ? nullptr : static_cast<TenantState*>(it->second.get());
}

void WebhookDispatcher::deliver_execution(Tenant& t, const Execution& e) {
  const Agent* agent = t.agents.find(e.agent_id);
  if (!agent) return;
  std::string url = agent->webhook_url();
  if (url.empty()) return;
  WebhookSubject subject{"execution", e.id, e.batch_id, e.status, e.agent_id};
  enqueue(t, subject, url, execution_webhook_body(e, profile_, public_url_));
}

void WebhookDispatcher::deliver_batch(Tenant& t, const Batch& b) {
  if (b.webhook_url.empty()) return;
  WebhookSubject subject{"batch", "", b.id, b.status, b.agent_id};
  enqueue(t, subject, b.webhook_url, batch_webhook_body(b, t.now(), profile_));
}

void WebhookDispatcher::enqueue(Tenant& t, const WebhookSubject& subject, const std::string& url,
                                std::string body) {
  if (url.empty() || stopping_) return;
  TenantState* s = state_of(t);
  if (!s) return;
  std::vector<PostOrder> orders;
  s->queue.add(subject, url, std::make_shared<const std::string>(std::move(body)), 0, &orders);
  start_posts(*s, orders);
}

std::optional<uint64_t> WebhookDispatcher::redeliver(Tenant& t, uint64_t attempt_id) {
  TenantState* s = state_of(t);
  if (!s) return std::nullopt;
  const WebhookAttempt* a = s->journal.find(attempt_id);
  if (!a) return std::nullopt;
  if (stopping_) s->queue.pause();
  std::vector<PostOrder> orders;
  uint64_t id =
      s->queue.add(a->outcome.subject, a->outcome.url, a->outcome.body, attempt_id, &orders);
  start_posts(*s, orders);
  return id;
}

void WebhookDispatcher::start_posts(TenantState& s, std::vector<PostOrder>& orders) {
  if (orders.empty()) return;
  auto now = SteadyClock::now();
  auto timeout = Micros(static_cast<int64_t>(std::llround(settings_.timeout_seconds * 1e6)));
  for (PostOrder& o : orders) {
    s.posted_at[o.delivery_id] = now;
    transport_->post(o.url, delivery_headers(s.headers.get(o.agent_id)), std::move(o.body), timeout,
                     [this, tenant = s.tenant, generation = s.generation, id = o.delivery_id,
                      attempt = o.attempt](TransportResult r) {
                       on_done(tenant, generation, id, attempt, std::move(r));
                     });
  }
  orders.clear();
}

void WebhookDispatcher::schedule_retry(Tenant& t, TenantState& s, const AttemptOutcome& a) {
  TenantState* state = &s;
  // Runs under the tenant's mutex; the tenant owns both the scheduler and the state.
  t.scheduler.schedule(*a.next_attempt_at,
                       [this, state, generation = s.generation, id = a.delivery_id] {
                         if (stopping_ || state->generation != generation) return;
                         std::vector<PostOrder> orders;
                         state->queue.retry_due(id, &orders);
                         start_posts(*state, orders);
                         state->changed.notify_all();
                       });
}

void WebhookDispatcher::on_done(const std::weak_ptr<Tenant>& weak, uint64_t generation,
                                uint64_t delivery_id, int attempt, TransportResult result) {
  std::shared_ptr<Tenant> t = weak.lock();
  if (!t) return;  // the tenant is gone, and its deliveries with it
  std::shared_ptr<const AttemptObserver> observer;
  {
    std::lock_guard l(observer_mu_);
    observer = observer_;
  }
  Json attempt_json;
  {
    std::lock_guard lock(t->mutex);
    TenantState* s = state_of(*t);
    if (!s || s->generation != generation) return;  // reset while posting
    if (stopping_) s->queue.pause();
    s->posted_at.erase(delivery_id);
    std::vector<PostOrder> orders;
    auto outcome = s->queue.complete(delivery_id, attempt, result, t->now(), &orders);
    if (!outcome) {
      s->changed.notify_all();
      return;
    }
    if (outcome->next_attempt_at) {
      // A backoff is a delay the emulator schedules itself: --clock-speed compresses it.
      TimePoint now = t->now();
      outcome->next_attempt_at = now + t->clock.compress(*outcome->next_attempt_at - now);
      schedule_retry(*t, *s, *outcome);
    }
    if (outcome->result != "delivered")
      spdlog::debug("webhook {} attempt {} to {}: {} ({})", outcome->delivery_id, outcome->attempt,
                    outcome->url, outcome->error, outcome->result);
    const WebhookAttempt& a = s->journal.add(std::move(*outcome), t->now(), wall_now());
    if (observer) attempt_json = webhook_attempt_json(a);
    s->attempts_made += 1;
    start_posts(*s, orders);
    s->changed.notify_all();
  }
  if (observer && *observer) (*observer)(t->key(), attempt_json);
}

Json WebhookDispatcher::journal_json(const Tenant& t, const std::string& execution_id,
                                     const std::string& batch_id) const {
  TenantState* s = state_of(t);
  return s ? s->journal.to_json(execution_id, batch_id) : Json::array();
}

size_t WebhookDispatcher::journal_size(const Tenant& t) const {
  TenantState* s = state_of(t);
  return s ? s->journal.size() : 0;
}

WebhookBacklog WebhookDispatcher::backlog(const Tenant& t) const {
  TenantState* s = state_of(t);
  return s ? s->queue.backlog() : WebhookBacklog{};
}

void WebhookDispatcher::set_agent_headers(Tenant& t, const std::string& agent_id,
                                          WebhookHeaders h) {
  if (TenantState* s = state_of(t)) s->headers.set(agent_id, std::move(h));
}

WebhookHeaders WebhookDispatcher::agent_headers(const Tenant& t,
                                                const std::string& agent_id) const {
  TenantState* s = state_of(t);
  return s ? s->headers.get(agent_id) : WebhookHeaders{};
}

WebhookBacklog WebhookDispatcher::flush(Tenant& t, std::chrono::milliseconds timeout) {
  std::unique_lock lock(t.mutex);
  TenantState* s = state_of(t);
  if (!s) return {};
  auto deadline = SteadyClock::now() + timeout;
  while (!stopping_ && !s->queue.backlog().settled()) {
    auto now = SteadyClock::now();
    if (now >= deadline) break;
    s->changed.wait_until(lock, std::min(deadline, now + kWaitSlice));
  }
  return s->queue.backlog();
}

std::unique_lock<std::mutex> WebhookDispatcher::lock_moves(Tenant& t) {
  TenantState* s = state_of(t);
  return s ? std::unique_lock(s->moves) : std::unique_lock<std::mutex>();
}

bool WebhookDispatcher::await_attempts(Tenant& t, std::unique_lock<std::mutex>& lock,
                                       SteadyClock::time_point began, uint64_t generation) {
  TenantState* s = state_of(t);
  if (!s) return true;
  auto own = std::chrono::duration_cast<SteadyClock::duration>(
                 std::chrono::duration<double>(settings_.timeout_seconds)) +
             std::chrono::seconds(1);
  while (true) {
    if (s->generation != generation) return false;
    if (stopping_) return true;  // nothing will be answered any more: do not wait
    auto now = SteadyClock::now();
    std::optional<SteadyClock::time_point> until;
    for (const auto& [id, at] : s->posted_at) {
      auto deadline = at >= began ? at + own : began + kPreMoveGrace;
      if (deadline > now && (!until || deadline > *until)) until = deadline;
    }
    if (!until) return true;
    s->changed.wait_until(lock, std::min(*until, now + kWaitSlice));
  }
}

uint64_t WebhookDispatcher::generation(const Tenant& t) const {
  TenantState* s = state_of(t);
  return s ? s->generation : 0;
}

uint64_t WebhookDispatcher::attempts_made(const Tenant& t) const {
  TenantState* s = state_of(t);
  return s ? s->attempts_made : 0;
}

void WebhookDispatcher::set_attempt_observer(AttemptObserver observer) {
  auto p = observer ? std::make_shared<const AttemptObserver>(std::move(observer)) : nullptr;
  std::lock_guard l(observer_mu_);
  observer_ = std::move(p);
}

}  // namespace bolna
