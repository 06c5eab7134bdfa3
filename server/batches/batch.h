// Batch: one CSV campaign of a tenant (POST /batches) with its schedule, its rows'
// execution ids and the per-status counts of those executions, and its JSON form
// (GET /batches/{id}, items of GET /batches/{agent_id}/all, batch webhook bodies).
// Plain data; guarded by the owning tenant's mutex. The batch engine
// (batch_engine.h) is the only writer.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calls/retry_config.h"
#include "clock/scheduler.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

struct Batch {
  std::string id;  // 32 hex
  std::string agent_id;
  std::string status;  // created, processed, scheduled, running, completed, stopped
  std::string file_name;
  std::string webhook_url;  // "" when none (or when the client sent an invalid URL)
  std::vector<std::string> from_phone_numbers;
  std::optional<RetryConfig> retry;
  bool bypass_guardrails = false;
  std::optional<TimePoint> scheduled_at;  // the rounded start
  TimePoint created_at;
  TimePoint updated_at;
  size_t total_contacts = 0;
  size_t valid_contacts = 0;
  std::vector<std::string> execution_ids;  // one per valid row, in file order

  // Counts of this batch's executions by status, kept up to date on every execution
  // status change (zero counts are erased). Equal to a scan of the executions.
  std::map<std::string, size_t> execution_counts;
  size_t unfinished = 0;  // executions not in a terminal status

  TaskId pending_task = 0;  // processing or start task, 0 when none
  bool completion_check_pending = false;
};

// The documented batch object, with `humanized_created_at` relative to `now`.
// `scheduled_at` is always UTC with "+00:00" (DECISIONS.md row 6); the other stamps
// follow the profile.
Json batch_to_json(const Batch& batch, TimePoint now, Profile profile);

// "just now", "a second ago", "12 seconds ago", "a minute ago", "19 minutes ago",
// "an hour ago", "3 hours ago", "a day ago", "4 days ago", "a month ago", "2 months
// ago", "a year ago", "3 years ago" (like Python humanize's naturaltime).
std::string humanize_since(TimePoint then, TimePoint now);

}  // namespace bolna
