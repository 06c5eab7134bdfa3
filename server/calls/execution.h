// Execution: one call (single, batch row, inbound) with everything needed to show it as
// the real service does at its current status, and its JSON form (GET /executions/{id},
// list items, webhook bodies). Plain data; guarded by the owning tenant's mutex.
// final_execution_json() keeps the serialized JSON of a final execution (see there).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/outcome_script.h"
#include "calls/retry_config.h"
#include "clock/scheduler.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

// One status change, kept for the timeline and the clock's event list.
struct StatusChange {
  std::string from;  // "" for the first status
  std::string to;
  TimePoint at;
};

// The agent's models, captured when the call is placed (for usage_breakdown).
struct AgentModels {
  std::string llm_model = "gpt-4.1-mini";
  std::string synthesizer_provider = "elevenlabs";
  std::string synthesizer_model = "eleven_turbo_v2_5";
  std::string transcriber_provider = "deepgram";
  std::string transcriber_model = "nova-2";
};

// One auto-retry: which attempt ended how, and when.
struct RetryAttempt {
  int attempt = 0;
  std::string status;
  TimePoint at;
};

// The serialized JSON of a final execution, per profile (final_execution_json()). Copies
// and moves start empty; thread-safe on its own (readers may share the tenant's lock).
class ExecutionTextCache {
 public:
  struct Entry {
    std::string public_url;
    std::string text;
  };
  ExecutionTextCache() = default;
  ExecutionTextCache(const ExecutionTextCache&) {}
  ExecutionTextCache& operator=(const ExecutionTextCache&) {
    clear();
    return *this;
  }
  std::shared_ptr<const Entry> get(Profile p) const { return slot(p).load(); }
  void set(Profile p, std::shared_ptr<const Entry> e) const { slot(p).store(std::move(e)); }
  void clear() const {
    for (auto& s : slots_) s.store(nullptr);
  }

 private:
  std::atomic<std::shared_ptr<const Entry>>& slot(Profile p) const {
    return slots_[p == Profile::kLive ? 1 : 0];
  }
  mutable std::atomic<std::shared_ptr<const Entry>> slots_[2];
};

struct Execution {
  std::string id;
  std::string agent_id;
  std::string batch_id;  // "" when not part of a batch
  std::string status;
  std::string call_type = "outbound";
  std::string user_number;   // the other party: recipient (outbound) or caller (inbound)
  std::string agent_number;  // the account's number used for the call
  std::string provider = "plivo";
  Json recipient_data;       // user_data or CSV columns; null when none
  std::string voice_id;      // agent_data.voice_id override, "" when none
  std::optional<RetryConfig> retry;
  bool bypass_guardrails = false;
  std::string forced_outcome;  // X-Emulator-Outcome
  AgentModels models;

  std::shared_ptr<const OutcomeScript> script;  // the current attempt's outcome
  size_t steps_applied = 0;   // how many script steps this attempt has reached
  TaskId pending_task = 0;    // the next scheduled transition, 0 when none
  bool holds_slot = false;    // counts against the account's concurrency
  Json error_message;         // set when the engine ends the call itself (balance-low)

  TimePoint created_at;
  TimePoint updated_at;
  TimePoint scheduled_at;
  std::optional<TimePoint> rescheduled_at;
  std::optional<TimePoint> batch_row_updated_at;
  int retry_count = 0;
  std::vector<RetryAttempt> retry_history;
  std::string provider_call_id;
  std::vector<StatusChange> timeline;
  ExecutionTextCache text_cache;  // cleared on every status change (set_status)

  // True once this attempt has reached in-progress.
  bool answered_now() const;
  // True when the current status is the script's own terminal status (as opposed to
  // stopped, balance-low by the wallet, ...).
  bool script_finished() const;
};

// The execution as the API shows it at its current status (docs/live per profile).
Json execution_to_json(const Execution& e, Profile profile, const std::string& public_url);

// For a final execution (terminal status and nothing scheduled: it never changes again),
// execution_to_json(...) serialized as a response body (invalid UTF-8 as U+FFFD, like
// RequestContext::reply): made once and kept in e.text_cache, so polling a finished call
// costs a lookup. Null for an execution that can still change. Caller holds the tenant's
// lock (a shared one is enough).
std::shared_ptr<const std::string> final_execution_json(const Execution& e, Profile profile,
                                                        const std::string& public_url);

// The transcript text ("assistant: ...\nuser: ...") with {variables} filled in from
// recipient_data.
std::string render_transcript(const OutcomeScript& script, const Json& recipient_data);

// Cost in cents of the five components and their rounded sum (DECISIONS.md row 14).
struct Costs {
  double llm = 0, network = 0, platform = 0, synthesizer = 0, transcriber = 0;
  double total = 0;
};
Costs compute_costs(const OutcomeScript& script);

}  // namespace bolna
