#include "events/event_bus.h"

namespace bolna {

EventSubscription::~EventSubscription() { bus_.unsubscribe(this); }

EventBatch EventSubscription::take(std::chrono::milliseconds timeout) {
  EventBatch out;
  std::unique_lock l(bus_.mu_);
  ready_.wait_for(l, timeout,
                  [&] { return bus_.closed_ || !queue_.empty() || dropped_since_take_ > 0; });
  out.events.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  out.dropped = dropped_since_take_;
  out.total_dropped = dropped_total_;
  dropped_since_take_ = 0;
  out.closed = bus_.closed_;
  return out;
}

EventBus::EventBus(EventBusOptions options) : options_(options) {}

EventBus::~EventBus() { close(); }

std::shared_ptr<EventSubscription> EventBus::subscribe(std::optional<std::string> tenant,
                                                       bool bodies) {
  std::lock_guard l(mu_);
  if (closed_ || subs_.size() >= options_.max_subscribers) {
    refused_ += 1;
    return nullptr;
  }
  bool all = !tenant.has_value();
  std::shared_ptr<EventSubscription> s(new EventSubscription(*this, std::move(tenant), bodies));
  subs_.push_front(s.get());
  s->self_ = subs_.begin();
  count_ = subs_.size();
  if (all) all_tenant_count_ += 1;
  return s;
}

void EventBus::unsubscribe(EventSubscription* s) {
  std::lock_guard l(mu_);
  subs_.erase(s->self_);
  count_ = subs_.size();
  if (!s->tenant_) all_tenant_count_ -= 1;
}

bool EventBus::watched(const std::string& tenant) const {
  if (count_.load() == 0) return false;
  if (all_tenant_count_.load() > 0) return true;
  std::lock_guard l(mu_);
  for (const EventSubscription* s : subs_)
    if (s->tenant_ && *s->tenant_ == tenant) return true;
  return false;
}

void EventBus::publish(const std::string& tenant, const std::string& type, Json data,
                       const std::function<Json()>& body, const std::string& body_key) {
  if (count_.load() == 0) return;
  // Who receives it, and whether anyone wants the body: decided first, so the body is
  // rendered (under the caller's locks, not the bus's) only when needed.
  bool any = false, wants_body = false;
  {
    std::lock_guard l(mu_);
    for (const EventSubscription* s : subs_) {
      if (s->tenant_ && *s->tenant_ != tenant) continue;
      any = true;
      wants_body = wants_body || s->bodies_;
    }
  }
  if (!any) return;
  auto ev = std::make_shared<BusEvent>();
  ev->type = type;
  ev->tenant = tenant;
  if (!data.is_object()) data = Json{{"value", std::move(data)}};
  data["tenant"] = tenant;
  // Bytes that are not UTF-8 (a client's user_data) become U+FFFD instead of throwing.
  ev->data = data.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (wants_body && body) {
    data[body_key] = body();
    ev->data_with_body = data.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  std::lock_guard l(mu_);
  if (closed_) return;
  ev->id = next_id_++;
  std::shared_ptr<const BusEvent> shared = ev;
  published_ += 1;
  for (EventSubscription* s : subs_) {
    if (s->tenant_ && *s->tenant_ != tenant) continue;
    if (s->queue_.size() >= options_.queue_limit) {
      s->dropped_since_take_ += 1;
      s->dropped_total_ += 1;
      dropped_ += 1;
    } else {
      s->queue_.push_back(shared);
      delivered_ += 1;
    }
    s->ready_.notify_one();
  }
}

void EventBus::close() {
  std::lock_guard l(mu_);
  closed_ = true;
  for (EventSubscription* s : subs_) s->ready_.notify_all();
}

size_t EventBus::subscribers() const { return count_.load(); }

}  // namespace bolna
