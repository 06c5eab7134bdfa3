// The batch lifecycle on the tenant's clock: created -> processed (kProcessingDelay after
// upload) -> scheduled -> running (at the rounded start: every "prepared" row execution
// is queued and dials within the account's concurrency) -> completed (every execution
// terminal); stopped after a stop. Keeps each batch's execution_status counts in step
// with its executions. Knows nothing about HTTP. Every function takes the tenant whose
// mutex the caller holds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/agent.h"
#include "batches/batch.h"
#include "batches/batch_csv.h"
#include "calls/execution.h"
#include "calls/retry_config.h"
#include "common/time.h"

namespace bolna {

class BatchAccount;

// How long after the upload a batch turns "processed" (virtual time). A client of the
// real service waits about 3 s before scheduling.
inline constexpr Micros kBatchProcessingDelay = std::chrono::seconds(2);

// The validated upload, apart from the CSV.
struct BatchSpec {
  std::string file_name;
  std::vector<std::string> from_phone_numbers;  // E.164; may be empty
  std::string default_from_number;  // dialled from when from_phone_numbers is empty
  std::optional<RetryConfig> retry;
  std::string webhook_url;  // "" when none
};

// Creates a batch in "created" with one "prepared" execution per valid row (the row's
// other columns as recipient_data, from numbers used round-robin), and schedules its
// move to "processed". The batch's from_phone_numbers are the numbers actually used:
// spec.from_phone_numbers, or the default number when that list is empty.
// Consumes `csv` (its rows' variables move into the executions). If anything throws
// (e.g. a listener), the batch and its executions are removed again and the exception
// passes on: nothing is stored half-way.
Batch& create_batch(BatchAccount& t, const Agent& agent, const BatchSpec& spec, BatchCsv&& csv);

// Records a batch status change and tells BatchAccount::batch_listeners.
void set_batch_status(BatchAccount& t, Batch& b, const std::string& status);

// created, processed or scheduled (a scheduled batch can be moved).
bool is_batch_schedulable(const Batch& b);
// Schedules the batch to run at `start` (already rounded and checked): "scheduled".
void schedule_batch(BatchAccount& t, Batch& b, TimePoint start, bool bypass_guardrails);

// scheduled, queued or running (DECISIONS.md row 10).
bool is_batch_stoppable(const Batch& b);
// "stopped": cancels the start and turns every not-yet-dialled execution into "stopped".
// Calls already dialled finish normally.
void stop_batch(BatchAccount& t, Batch& b);

// Deletes a batch: stops its not-yet-dialled executions (they stay readable as
// "stopped"), cancels its tasks and forgets it. Returns false for an unknown id.
bool delete_batch(BatchAccount& t, const std::string& batch_id);
// Forgets every batch of an agent (agent delete; its executions go separately).
void remove_batches_of_agent(BatchAccount& t, const std::string& agent_id);

// CallAccount::status_listeners entry that keeps batch counts current and completes running
// batches whose executions have all ended. Installed by Tenant's constructor.
void track_batch_execution(BatchAccount& t, const Execution& e, const StatusChange& change);

}  // namespace bolna
