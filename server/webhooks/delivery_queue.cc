#include "webhooks/delivery_queue.h"

#include <cmath>

#include "webhooks/webhook_url.h"

namespace bolna {

uint64_t DeliveryQueue::add(const WebhookSubject& subject, std::string url,
                            std::shared_ptr<const std::string> body, uint64_t redelivery_of,
                            std::vector<PostOrder>* orders) {
  Delivery d;
  d.id = next_id_++;
  d.subject = subject;
  d.receiver = webhook_receiver_key(url);
  d.url = std::move(url);
  d.body = std::move(body);
  d.redelivery_of = redelivery_of;
  std::string key = subject.queue_key();
  subject_keys_[d.id] = key;
  uint64_t id = d.id;
  Subject& s = subjects_[key];
  s.deliveries.push_back(std::move(d));
  if (s.head == Head::kIdle) make_ready(key, s, orders);
  return id;
}

DeliveryQueue::Subject* DeliveryQueue::subject_of(uint64_t delivery_id, std::string* key) {
  auto k = subject_keys_.find(delivery_id);
  if (k == subject_keys_.end()) return nullptr;
  auto it = subjects_.find(k->second);
  if (it == subjects_.end() || it->second.deliveries.empty() ||
      it->second.deliveries.front().id != delivery_id)
    return nullptr;
  *key = k->second;
  return &it->second;
}

void DeliveryQueue::make_ready(const std::string& key, Subject& s, std::vector<PostOrder>* orders) {
  s.head = Head::kWaitingReceiver;
  Receiver& r = receivers_[s.deliveries.front().receiver];
  if (!paused_ && r.in_flight < policy_.per_receiver_in_flight)
    start(s, r, orders);
  else
    r.waiting.push_back(key);
}

void DeliveryQueue::start(Subject& s, Receiver& r, std::vector<PostOrder>* orders) {
  const Delivery& d = s.deliveries.front();
  s.head = Head::kInFlight;
  r.in_flight += 1;
  in_flight_ += 1;
  orders->push_back({d.id, d.attempts + 1, d.url, d.body, d.subject.agent_id});
}

void DeliveryQueue::release(const std::string& receiver, std::vector<PostOrder>* orders) {
  auto it = receivers_.find(receiver);
  if (it == receivers_.end()) return;
  Receiver& r = it->second;
  if (r.in_flight > 0) r.in_flight -= 1;
  while (!paused_ && r.in_flight < policy_.per_receiver_in_flight && !r.waiting.empty()) {
    std::string key = std::move(r.waiting.front());
    r.waiting.pop_front();
    auto s = subjects_.find(key);
    if (s == subjects_.end() || s->second.head != Head::kWaitingReceiver ||
        s->second.deliveries.front().receiver != receiver)
      continue;
    start(s->second, r, orders);
  }
  if (r.in_flight == 0 && r.waiting.empty()) receivers_.erase(it);
}

void DeliveryQueue::next_of(const std::string& key, std::vector<PostOrder>* orders) {
  auto it = subjects_.find(key);
  if (it == subjects_.end()) return;
  Subject& s = it->second;
  subject_keys_.erase(s.deliveries.front().id);
  s.deliveries.pop_front();
  s.head = Head::kIdle;
  if (s.deliveries.empty())
    subjects_.erase(it);
  else
    make_ready(key, s, orders);
}

std::optional<AttemptOutcome> DeliveryQueue::complete(uint64_t delivery_id, int attempt,
                                                      const TransportResult& result, TimePoint now,
                                                      std::vector<PostOrder>* orders) {
  std::string key;
  Subject* s = subject_of(delivery_id, &key);
  if (!s || s->head != Head::kInFlight || s->deliveries.front().attempts + 1 != attempt)
    return std::nullopt;
  Delivery& d = s->deliveries.front();
  d.attempts = attempt;
  in_flight_ -= 1;

  AttemptOutcome a;
  a.delivery_id = d.id;
  a.redelivery_of = d.redelivery_of;
  a.subject = d.subject;
  a.url = d.url;
  a.body = d.body;
  a.attempt = attempt;
  a.response_code = result.code;
  a.error = result.error;
  a.latency_ms = std::round(result.latency_ms * 1000.0) / 1000.0;
  bool ok = !result.abandoned && result.code >= 200 && result.code < 300;
  if (!ok && result.code != 0 && a.error.empty())
    a.error = "receiver answered HTTP " + std::to_string(result.code);
  bool final = ok || result.permanent || result.abandoned || attempt >= policy_.max_attempts;
  a.result = ok ? "delivered" : result.abandoned ? "abandoned" : final ? "failed" : "retrying";
  if (!final) {
    double delay = policy_.backoff_seconds * std::pow(2.0, attempt - 1);
    a.next_attempt_at = now + Micros(static_cast<int64_t>(std::llround(delay * 1e6)));
    s->head = Head::kWaitingRetry;
  }
  // The receiver's slot first: deliveries of other subjects waiting for it go before the
  // next delivery of this one.
  std::string receiver = d.receiver;
  release(receiver, orders);
  if (final) next_of(key, orders);
  return a;
}

void DeliveryQueue::retry_due(uint64_t delivery_id, std::vector<PostOrder>* orders) {
  std::string key;
  Subject* s = subject_of(delivery_id, &key);
  if (!s || s->head != Head::kWaitingRetry) return;
  make_ready(key, *s, orders);
}

void DeliveryQueue::clear() {
  subjects_.clear();
  receivers_.clear();
  subject_keys_.clear();
  in_flight_ = 0;
  next_id_ = 1;
}

WebhookBacklog DeliveryQueue::backlog() const {
  WebhookBacklog b;
  for (const auto& [key, s] : subjects_) {
    if (s.deliveries.empty()) continue;
    size_t behind = s.deliveries.size() - 1;
    switch (s.head) {
      case Head::kWaitingRetry:  // the ones behind wait for the same retry
        b.waiting_retry += 1 + behind;
        break;
      case Head::kInFlight:
        b.in_flight += 1;
        b.queued += behind;
        break;
      default:
        b.queued += 1 + behind;
    }
  }
  return b;
}

}  // namespace bolna
