// WebhookJournal: one tenant's record of webhook attempts, oldest first, at most `limit`
// (the oldest are dropped beyond), and the JSON form the control API shows
// (GET /__emulator/webhooks, an execution's timeline, the attempt observer). Not
// thread-safe: the webhook dispatcher keeps one per tenant, guarded by the tenant's mutex.
// Pointers returned by find() stay valid until the next add() or clear().
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "common/json.h"
#include "common/time.h"
#include "webhooks/delivery_queue.h"

namespace bolna {

// Attempts kept per tenant by default.
inline constexpr size_t kJournalLimit = 10000;

struct WebhookAttempt {
  uint64_t id = 0;  // 1, 2, ... per tenant until clear()
  AttemptOutcome outcome;
  TimePoint virtual_time;  // the tenant's clock when the answer was recorded
  TimePoint wall_time;
};

// {"id", "delivery_id", "type", "execution_id", "batch_id", "status", "url", "attempt",
//  "response_code", "error", "latency_ms", "result", "next_attempt_at", "redelivery_of",
//  "virtual_time", "wall_time"}
Json webhook_attempt_json(const WebhookAttempt& a);

class WebhookJournal {
 public:
  explicit WebhookJournal(size_t limit = kJournalLimit) : limit_(limit) {}

  // Records an attempt; returns it with its id.
  const WebhookAttempt& add(AttemptOutcome outcome, TimePoint virtual_time, TimePoint wall_time);
  // The attempt with this id, if still kept.
  const WebhookAttempt* find(uint64_t id) const;
  // Every kept attempt, oldest first, filtered by execution and/or batch id when non-empty.
  Json to_json(const std::string& execution_id, const std::string& batch_id) const;
  void clear();
  size_t size() const { return attempts_.size(); }

 private:
  size_t limit_;
  uint64_t next_id_ = 1;
  std::deque<WebhookAttempt> attempts_;
};

}  // namespace bolna
