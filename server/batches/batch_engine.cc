#include "batches/batch_engine.h"

#include "calls/call_engine.h"
#include "common/execution_status.h"
#include "batches/batch_account.h"

namespace bolna {

namespace {


void cancel_pending(BatchAccount& t, Batch& b) {
  if (b.pending_task) t.scheduler.cancel(b.pending_task);
  b.pending_task = 0;
}

void start_batch(BatchAccount& t, const std::string& batch_id) {
  Batch* b = t.batches.find(batch_id);
  if (!b || b->status != "scheduled") return;
  b->pending_task = 0;
  set_batch_status(t, *b, "running");
  for (const auto& id : b->execution_ids) {
    Execution* e = t.executions.find(id);
    if (!e || e->status != "prepared") continue;
    e->bypass_guardrails = e->bypass_guardrails || b->bypass_guardrails;
    e->scheduled_at = t.now();
    set_status(t, *e, "queued");
    t.dial_queue.push_back(id);
  }
  pump_dial_queue(t);
  // A batch without executions (or whose rows all ended already) completes at once.
  if (b->unfinished == 0 && b->status == "running") set_batch_status(t, *b, "completed");
}

void check_completion(BatchAccount& t, const std::string& batch_id) {
  Batch* b = t.batches.find(batch_id);
  if (!b) return;
  b->completion_check_pending = false;
  if (b->status == "running" && b->unfinished == 0) set_batch_status(t, *b, "completed");
}

// Stops every not-yet-dialled execution of `b`.
void stop_rows(BatchAccount& t, Batch& b) {
  for (const auto& id : b.execution_ids) {
    Execution* e = t.executions.find(id);
    if (e && (e->status == "prepared" || is_stoppable(*e))) {
      abandon_execution(t, *e);
      set_status(t, *e, "stopped");
    }
  }
  pump_dial_queue(t);
}

// The rows and the processing task of a new batch (create_batch).
void fill_batch(BatchAccount& t, const Agent& agent, const BatchSpec& spec, BatchCsv&& csv,
                Batch& b) {
  const std::string& default_from = spec.default_from_number;
  for (size_t i = 0; i < csv.contacts.size(); ++i) {
    CallRequest r;
    r.agent_id = agent.id;
    r.recipient = csv.contacts[i].contact_number;
    r.from_number = spec.from_phone_numbers.empty()
                        ? default_from
                        : spec.from_phone_numbers[i % spec.from_phone_numbers.size()];
    r.user_data = std::move(csv.contacts[i].variables);
    r.retry = spec.retry;
    r.batch_id = b.id;
    Execution& e = create_execution(t, agent, r, "prepared");
    b.execution_ids.push_back(e.id);
  }
  for (const auto& listener : t.batch_listeners) listener(t, b);
  b.pending_task = t.scheduler.schedule(t.now() + t.clock.compress(kBatchProcessingDelay), [&tt = t, id = b.id]() {
    Batch* x = tt.batches.find(id);
    if (!x || x->status != "created") return;
    x->pending_task = 0;
    set_batch_status(tt, *x, "processed");
  });
}

}  // namespace

Batch& create_batch(BatchAccount& t, const Agent& agent, const BatchSpec& spec, BatchCsv&& csv) {
  Batch nb;
  nb.id = t.ids.hex32();
  nb.agent_id = agent.id;
  nb.status = "created";
  nb.file_name = spec.file_name;
  nb.webhook_url = spec.webhook_url;
  // The numbers actually dialled from: without from_phone_numbers, the default one.
  nb.from_phone_numbers = spec.from_phone_numbers;
  if (nb.from_phone_numbers.empty() && !spec.default_from_number.empty())
    nb.from_phone_numbers.push_back(spec.default_from_number);
  nb.retry = spec.retry;
  nb.created_at = nb.updated_at = t.now();
  nb.total_contacts = csv.total_rows;
  nb.valid_contacts = csv.contacts.size();
  nb.execution_ids.reserve(csv.contacts.size());
  Batch& b = t.batches.add(std::move(nb));
  std::string batch_id = b.id;
  try {
    fill_batch(t, agent, spec, std::move(csv), b);
  } catch (...) {
    // Nothing is stored half-way: the rows created so far and the batch go again.
    t.executions.remove_if([&](const Execution& e) { return e.batch_id == batch_id; },
                           [&](Execution& e) { abandon_execution(t, e); });
    if (Batch* x = t.batches.find(batch_id)) cancel_pending(t, *x);
    t.batches.remove_if([&](const Batch& x) { return x.id == batch_id; });
    throw;
  }
  return b;
}

void set_batch_status(BatchAccount& t, Batch& b, const std::string& status) {
  b.status = status;
  b.updated_at = t.now();
  for (const auto& listener : t.batch_listeners) listener(t, b);
}

bool is_batch_schedulable(const Batch& b) {
  return b.status == "created" || b.status == "processed" || b.status == "scheduled";
}

void schedule_batch(BatchAccount& t, Batch& b, TimePoint start, bool bypass_guardrails) {
  cancel_pending(t, b);
  b.scheduled_at = start;
  b.bypass_guardrails = bypass_guardrails;
  set_batch_status(t, b, "scheduled");
  b.pending_task = t.scheduler.schedule(start, [&tt = t, id = b.id]() { start_batch(tt, id); });
}

bool is_batch_stoppable(const Batch& b) {
  return b.status == "scheduled" || b.status == "queued" || b.status == "running";
}

void stop_batch(BatchAccount& t, Batch& b) {
  cancel_pending(t, b);
  set_batch_status(t, b, "stopped");
  stop_rows(t, b);
}

bool delete_batch(BatchAccount& t, const std::string& batch_id) {
  Batch* b = t.batches.find(batch_id);
  if (!b) return false;
  cancel_pending(t, *b);
  stop_rows(t, *b);
  t.batches.remove_if([&](const Batch& x) { return x.id == batch_id; });
  return true;
}

void remove_batches_of_agent(BatchAccount& t, const std::string& agent_id) {
  t.batches.remove_if([&](const Batch& b) { return b.agent_id == agent_id; },
                      [&](Batch& b) { cancel_pending(t, b); });
}

void track_batch_execution(BatchAccount& t, const Execution& e, const StatusChange& change) {
  if (e.batch_id.empty()) return;
  Batch* b = t.batches.find(e.batch_id);
  if (!b) return;
  if (!change.from.empty()) {
    auto it = b->execution_counts.find(change.from);
    if (it != b->execution_counts.end() && --it->second == 0) b->execution_counts.erase(it);
  }
  b->execution_counts[change.to] += 1;
  bool was_open = !change.from.empty() && !is_terminal_status(change.from);
  bool is_open = !is_terminal_status(change.to);
  if (change.from.empty() && is_open) b->unfinished += 1;
  if (was_open && !is_open) b->unfinished -= 1;
  if (!change.from.empty() && !was_open && is_open) b->unfinished += 1;  // a retry
  // Completion is checked once the current task is over: a terminal status may be
  // followed at once by an automatic retry ("scheduled" again).
  if (b->unfinished == 0 && b->status == "running" && !b->completion_check_pending) {
    b->completion_check_pending = true;
    t.scheduler.schedule(t.now(), [&tt = t, id = b->id]() { check_completion(tt, id); });
  }
}

}  // namespace bolna
