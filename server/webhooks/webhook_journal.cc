#include "webhooks/webhook_journal.h"

#include <algorithm>

namespace bolna {

namespace {

Json optional_string(const std::string& s) { return s.empty() ? Json() : Json(s); }

}  // namespace

Json webhook_attempt_json(const WebhookAttempt& a) {
  const AttemptOutcome& o = a.outcome;
  return Json{
      {"id", a.id},
      {"delivery_id", o.delivery_id},
      {"type", o.subject.kind},
      {"execution_id", optional_string(o.subject.execution_id)},
      {"batch_id", optional_string(o.subject.batch_id)},
      {"status", o.subject.status},
      {"url", o.url},
      {"attempt", o.attempt},
      {"response_code", o.response_code ? Json(o.response_code) : Json()},
      {"error", optional_string(o.error)},
      {"latency_ms", o.latency_ms},
      {"result", o.result},
      {"next_attempt_at", o.next_attempt_at ? Json(format_iso_utc(*o.next_attempt_at)) : Json()},
      {"redelivery_of", o.redelivery_of ? Json(o.redelivery_of) : Json()},
      {"virtual_time", format_iso_utc(a.virtual_time)},
      {"wall_time", format_iso_utc(a.wall_time)}};
}

const WebhookAttempt& WebhookJournal::add(AttemptOutcome outcome, TimePoint virtual_time,
                                          TimePoint wall_time) {
  attempts_.push_back({next_id_++, std::move(outcome), virtual_time, wall_time});
  while (attempts_.size() > limit_) attempts_.pop_front();
  return attempts_.back();
}

const WebhookAttempt* WebhookJournal::find(uint64_t id) const {
  // Ids grow with position, so the kept ones can be searched by id.
  auto it = std::lower_bound(attempts_.begin(), attempts_.end(), id,
                             [](const WebhookAttempt& a, uint64_t v) { return a.id < v; });
  return it != attempts_.end() && it->id == id ? &*it : nullptr;
}

Json WebhookJournal::to_json(const std::string& execution_id, const std::string& batch_id) const {
  Json out = Json::array();
  for (const WebhookAttempt& a : attempts_) {
    if (!execution_id.empty() && a.outcome.subject.execution_id != execution_id) continue;
    if (!batch_id.empty() && a.outcome.subject.batch_id != batch_id) continue;
    out.push_back(webhook_attempt_json(a));
  }
  return out;
}

void WebhookJournal::clear() {
  attempts_.clear();
  next_id_ = 1;
}

}  // namespace bolna
