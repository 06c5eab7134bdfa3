#include "calls/call_engine.h"

#include <algorithm>

#include "common/execution_status.h"
#include "calls/guardrails.h"
#include "calls/call_account.h"

namespace bolna {

namespace {

constexpr const char* kLowBalanceMessage =
    "Insufficient wallet balance: the account cannot cover one minute of this call";

void apply_next_step(CallAccount& t, const std::string& id);

void release_slot(CallAccount& t, Execution& e) {
  if (!e.holds_slot) return;
  e.holds_slot = false;
  t.active_calls = std::max(0, t.active_calls - 1);
}

// Removes an execution that could not be created completely (a listener threw).
void discard_execution(CallAccount& t, const std::string& id) {
  Execution* e = t.executions.find(id);
  if (!e) return;
  if (e->pending_task) t.scheduler.cancel(e->pending_task);
  release_slot(t, *e);
  t.executions.remove_if([&](const Execution& x) { return x.id == id; });
}

void schedule_next_step(CallAccount& t, Execution& e) {
  if (e.steps_applied >= e.script->steps.size()) return;
  double after = e.script->steps[e.steps_applied].after_seconds;
  TimePoint at = t.now() + t.clock.compress(Micros(static_cast<int64_t>(after * 1e6)));
  e.pending_task = t.scheduler.schedule(
      at, [&tt = t, id = e.id]() { apply_next_step(tt, id); }, e.id);
}

std::shared_ptr<const OutcomeScript> pick_for(CallAccount& t, const Execution& e,
                                              const std::string& forced) {
  CallFacts facts;
  facts.recipient = e.user_number;
  facts.agent_id = e.agent_id;
  facts.batch_id = e.batch_id;
  facts.recipient_data = e.recipient_data;
  facts.forced = forced;
  facts.attempt = e.retry_count;
  return pick_outcome(*t.scenario, facts, &t.scenario_picks);
}

void maybe_retry(CallAccount& t, Execution& e) {
  if (!e.retry || !e.retry->enabled || e.retry_count >= e.retry->max_retries) return;
  const auto& on = e.retry->retry_on_statuses;
  bool voicemail = e.status == "completed" && e.script &&
                   e.script->answered_by_voice_mail.is_boolean() &&
                   e.script->answered_by_voice_mail.get<bool>();
  bool match = std::find(on.begin(), on.end(), e.status) != on.end() ||
               (e.retry->retry_on_voicemail && voicemail);
  if (!match) return;
  e.retry_history.push_back({e.retry_count + 1, e.status, t.now()});
  int minutes = e.retry->interval_minutes(e.retry_count);
  e.retry_count += 1;
  std::string next = e.script ? e.script->next_attempt : "";
  std::shared_ptr<const OutcomeScript> script;
  if (!next.empty()) script = t.scenario->find(next);
  if (!script) script = pick_for(t, e, e.forced_outcome);
  e.script = script;
  e.steps_applied = 0;
  e.provider_call_id.clear();
  e.scheduled_at = t.now() + t.clock.compress(std::chrono::minutes(minutes));
  set_status(t, e, "scheduled");
  e.pending_task = t.scheduler.schedule(
      e.scheduled_at,
      [&tt = t, id = e.id]() {
        if (Execution* x = tt.executions.find(id); x && x->status == "scheduled") {
          x->pending_task = 0;
          enqueue(tt, *x);
        }
      },
      e.id);
}

void on_terminal(CallAccount& t, Execution& e) {
  release_slot(t, e);
  if (e.status == "completed" && e.answered_now())
    t.wallet_cents = std::max(0.0, t.wallet_cents - compute_costs(*e.script).total);
  maybe_retry(t, e);
  pump_dial_queue(t);
}

void apply_next_step(CallAccount& t, const std::string& id) {
  Execution* e = t.executions.find(id);
  if (!e || !e->script || e->steps_applied >= e->script->steps.size()) return;
  e->pending_task = 0;
  const OutcomeStep& step = e->script->steps[e->steps_applied];
  // The telephony provider's call id exists once the call is dialled, so a queued
  // execution (and its webhook body) has none yet.
  if (e->steps_applied == 0 && e->holds_slot && e->provider_call_id.empty())
    e->provider_call_id = t.ids.uuid();
  e->steps_applied += 1;
  set_status(t, *e, step.status);
  if (is_terminal_status(step.status)) {
    on_terminal(t, *e);
    return;
  }
  if (step.status == "call-disconnected") {
    release_slot(t, *e);
    pump_dial_queue(t);
  }
  schedule_next_step(t, *e);
}

// Calling guardrails (guardrails.h): a call due outside the agent's calling window in
// the recipient's local time becomes "rescheduled" and is queued again when the window
// next opens. Returns true when the call was held.
bool hold_for_guardrails(CallAccount& t, Execution& e) {
  if (e.bypass_guardrails) return false;
  const Agent* agent = t.agents.find(e.agent_id);
  if (!agent) return false;
  auto until = guardrail_hold_until(agent->config, e.user_number, t.now());
  if (!until) return false;
  e.rescheduled_at = *until;
  set_status(t, e, "rescheduled");
  e.pending_task = t.scheduler.schedule(
      *until,
      [&tt = t, id = e.id]() {
        if (Execution* x = tt.executions.find(id); x && x->status == "rescheduled") {
          x->pending_task = 0;
          enqueue(tt, *x);
        }
      },
      e.id);
  return true;
}

// Takes a slot (or refuses for balance) and schedules the first step of the script.
void start_dial(CallAccount& t, Execution& e) {
  if (hold_for_guardrails(t, e)) return;
  const OutcomeScript& s = *e.script;
  bool scripted_refusal = s.steps.size() == 1 && s.final_status() == "balance-low";
  if (!scripted_refusal && t.wallet_cents < s.cost_per_minute) {
    e.error_message = kLowBalanceMessage;
    set_status(t, e, "balance-low");
    maybe_retry(t, e);
    return;
  }
  if (!scripted_refusal) {
    e.holds_slot = true;
    t.active_calls += 1;
  }
  schedule_next_step(t, e);
}

}  // namespace

AgentModels agent_models(const Agent& agent) {
  AgentModels m;
  // By reference: Json::value() would copy the whole task list for every call (and
  // every batch row).
  auto tasks_it = agent.config.find("tasks");
  if (tasks_it == agent.config.end()) return m;
  const Json& tasks = *tasks_it;
  if (!tasks.is_array() || tasks.empty() || !tasks[0].is_object()) return m;
  auto tools_it = tasks[0].find("tools_config");
  if (tools_it == tasks[0].end() || !tools_it->is_object()) return m;
  const Json& tools = *tools_it;
  auto str = [](const Json& j, const char* key, std::string& out) {
    if (j.is_object() && j.contains(key) && j[key].is_string()) out = j[key].get<std::string>();
  };
  if (tools.contains("llm_agent") && tools["llm_agent"].is_object()) {
    const Json& llm = tools["llm_agent"];
    str(llm, "model", m.llm_model);
    if (llm.contains("llm_config")) str(llm["llm_config"], "model", m.llm_model);
  }
  if (tools.contains("synthesizer") && tools["synthesizer"].is_object()) {
    const Json& syn = tools["synthesizer"];
    str(syn, "provider", m.synthesizer_provider);
    if (syn.contains("provider_config")) str(syn["provider_config"], "model", m.synthesizer_model);
  }
  if (tools.contains("transcriber") && tools["transcriber"].is_object()) {
    str(tools["transcriber"], "provider", m.transcriber_provider);
    str(tools["transcriber"], "model", m.transcriber_model);
  }
  return m;
}

Execution& create_execution(CallAccount& t, const Agent& agent, const CallRequest& r,
                            const std::string& initial_status) {
  Execution e;
  e.id = t.ids.uuid();
  e.agent_id = agent.id;
  e.batch_id = r.batch_id;
  e.call_type = r.call_type;
  e.user_number = r.recipient;
  e.agent_number = r.from_number;
  e.recipient_data = r.user_data;
  e.voice_id = r.voice_id;
  e.retry = r.retry;
  e.bypass_guardrails = r.bypass_guardrails;
  e.forced_outcome = r.forced_outcome;
  e.models = agent_models(agent);
  e.created_at = e.updated_at = t.now();
  e.scheduled_at = r.scheduled_at.value_or(e.created_at);
  Execution& stored = t.executions.add(std::move(e));
  std::string id = stored.id;
  try {
    stored.script = pick_for(t, stored, stored.forced_outcome);
    set_status(t, stored, initial_status);
  } catch (...) {
    discard_execution(t, id);
    throw;
  }
  return stored;
}

Execution& place_call(CallAccount& t, const Agent& agent, const CallRequest& r) {
  Execution& e = create_execution(t, agent, r, r.scheduled_at ? "scheduled" : "queued");
  std::string id = e.id;
  try {
    if (r.scheduled_at) {
      e.pending_task = t.scheduler.schedule(
          *r.scheduled_at,
          [&tt = t, id]() {
            if (Execution* x = tt.executions.find(id); x && x->status == "scheduled") {
              x->pending_task = 0;
              enqueue(tt, *x);
            }
          },
          id);
      return e;
    }
    t.dial_queue.push_back(id);
    pump_dial_queue(t);
  } catch (...) {
    discard_execution(t, id);
    throw;
  }
  return e;
}

Status execution_room(const CallAccount& t, size_t count) {
  if (t.max_executions == 0 || t.executions.size() + count <= t.max_executions)
    return Status::OK();
  return Status::Conflict("This account holds " + std::to_string(t.executions.size()) + " executions; " +
                   std::to_string(count) + " more would pass the limit of " +
                   std::to_string(t.max_executions) +
                   " (--max-executions). Delete agents you no longer need (their executions "
                   "go with them) or POST /__emulator/reset");
}

void fail_execution(CallAccount& t, const std::string& id, const std::string& why) {
  Execution* e = t.executions.find(id);
  if (!e) return;
  abandon_execution(t, *e);
  e->error_message = "Internal emulator error: " + why + " (the call was ended; see the log)";
  set_status(t, *e, "error");
  pump_dial_queue(t);
}

void enqueue(CallAccount& t, Execution& e) {
  if (e.status != "queued") set_status(t, e, "queued");
  t.dial_queue.push_back(e.id);
  pump_dial_queue(t);
}

void set_status(CallAccount& t, Execution& e, const std::string& status) {
  StatusChange change{e.status, status, t.now()};
  e.text_cache.clear();
  e.status = status;
  e.updated_at = change.at;
  if (!e.batch_id.empty()) e.batch_row_updated_at = change.at;
  e.timeline.push_back(change);
  if (t.transition_log) {
    t.transition_log->total += 1;
    if (t.transition_log->events.size() < t.transition_log->limit)
      t.transition_log->events.push_back({e.id, change.from, status, change.at});
  }
  for (const auto& listener : t.status_listeners) listener(t, e, change);
}

void pump_dial_queue(CallAccount& t) {
  while (t.active_calls < t.max_concurrency && !t.dial_queue.empty()) {
    std::string id = std::move(t.dial_queue.front());
    t.dial_queue.pop_front();
    Execution* e = t.executions.find(id);
    if (!e || e->status != "queued" || e->holds_slot || e->pending_task != 0) continue;
    start_dial(t, *e);
  }
}

bool is_stoppable(const Execution& e) {
  return e.status == "scheduled" || e.status == "queued" || e.status == "rescheduled";
}

void abandon_execution(CallAccount& t, Execution& e) {
  if (e.pending_task) t.scheduler.cancel(e.pending_task);
  e.pending_task = 0;
  release_slot(t, e);
}

void stop_execution(CallAccount& t, Execution& e) {
  abandon_execution(t, e);
  set_status(t, e, "stopped");
  pump_dial_queue(t);
}

void remove_executions_of_agent(CallAccount& t, const std::string& agent_id) {
  t.executions.remove_if([&](const Execution& e) { return e.agent_id == agent_id; },
                         [&](Execution& e) { abandon_execution(t, e); });
  pump_dial_queue(t);
}

size_t advance_clock(CallAccount& t, TimePoint target, TransitionLog* log) {
  t.transition_log = log;
  size_t n = t.run_due(target);
  if (target > t.clock.now()) t.clock.set_now(target);
  t.transition_log = nullptr;
  t.wake();
  return n;
}

bool run_until_idle(CallAccount& t, Micros horizon, TransitionLog* log) {
  TimePoint limit = t.clock.now() + horizon;
  t.transition_log = log;
  while (auto next = t.scheduler.next_due()) {
    if (*next > limit) break;
    t.run_due(*next);
    if (*next > t.clock.now()) t.clock.set_now(*next);
  }
  t.transition_log = nullptr;
  t.wake();
  return t.scheduler.pending() == 0;
}

}  // namespace bolna
