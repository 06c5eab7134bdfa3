// The call lifecycle engine: places calls, moves executions through their outcome
// script on the tenant's scheduler, enforces the account's concurrency and wallet,
// retries per retry_config, stops and deletes. Knows nothing about HTTP. Every function
// takes the tenant whose mutex the caller holds.
#pragma once

#include <optional>
#include <string>

#include "agents/agent.h"
#include "calls/execution.h"
#include "calls/retry_config.h"
#include "common/field_checks.h"
#include "common/status.h"
#include "common/time.h"

namespace bolna {

class CallAccount;
struct TransitionLog;

// A validated request to place one call (POST /call, a batch row, an inbound call).
struct CallRequest {
  std::string agent_id;
  std::string recipient;    // E.164 of the other party
  std::string from_number;  // the account's number
  std::optional<TimePoint> scheduled_at;
  Json user_data;           // null or an object
  std::string voice_id;
  std::optional<RetryConfig> retry;
  bool bypass_guardrails = false;
  std::string forced_outcome;  // must name an outcome of the tenant's scenario, or ""
  std::string batch_id;
  std::string call_type = "outbound";
};

// OK when the account can hold `count` more executions under its max_executions;
// otherwise Conflict (HTTP 409) naming the count, the limit and --max-executions.
// Check it before creating anything (POST /call, POST /batches, inbound calls).
Status execution_room(const CallAccount& t, size_t count);

// Creates an execution in `initial_status` without starting it (batches create rows
// as "prepared"). The outcome is picked now. If a status listener throws, the execution
// is removed again and the exception passes on (nothing is stored half-way).
Execution& create_execution(CallAccount& t, const Agent& agent, const CallRequest& request,
                            const std::string& initial_status);

// Creates and starts a call: "scheduled" until scheduled_at when given, else "queued".
// Like create_execution, leaves no execution behind when it throws.
Execution& place_call(CallAccount& t, const Agent& agent, const CallRequest& request);

// Ends execution `id` as "error" after a failure inside the emulator (a scheduled task
// that threw): cancels its pending work, frees its slot, sets error_message to
// "Internal emulator error: <why> ..." and lets the dial queue move. No retry. A no-op
// for an unknown id. Status listeners may throw; the status is set before they run.
void fail_execution(CallAccount& t, const std::string& id, const std::string& why);

// Moves an execution to "queued" and lets it dial when a slot is free. A call about to
// dial outside its agent's calling window (guardrails.h) becomes "rescheduled" instead,
// with rescheduled_at = the next window start, unless bypass_guardrails.
void enqueue(CallAccount& t, Execution& e);

// Records a status change (timeline, clock event list, listeners such as webhooks).
void set_status(CallAccount& t, Execution& e, const std::string& status);

// Dials queued executions while the account has free concurrency slots.
void pump_dial_queue(CallAccount& t);

// scheduled, queued or rescheduled (DECISIONS.md row 10).
bool is_stoppable(const Execution& e);
// Ends a stoppable execution as "stopped", releasing its slot and pending transition.
void stop_execution(CallAccount& t, Execution& e);

// Deletes every execution of an agent (agent delete cascades).
void remove_executions_of_agent(CallAccount& t, const std::string& agent_id);
// Cancels an execution's pending work and frees its slot (before deleting it).
void abandon_execution(CallAccount& t, Execution& e);

// Moves the clock to `target` (>= now), running every task due on the way, each at its
// own time. Fills `log` (may be null). Returns the number of tasks run.
size_t advance_clock(CallAccount& t, TimePoint target, TransitionLog* log);

// Advances until nothing is pending, at most `horizon` of virtual time ahead. Returns
// true when idle at the end.
bool run_until_idle(CallAccount& t, Micros horizon, TransitionLog* log);

// The models an agent's first conversation task uses (for usage_breakdown).
AgentModels agent_models(const Agent& agent);

}  // namespace bolna
