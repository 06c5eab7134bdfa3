#include "clock/scheduler.h"

namespace bolna {

TaskId Scheduler::schedule(TimePoint at, TaskFn fn, std::string execution_id) {
  drop_cancelled();
  bool earliest = queue_.empty() || at < queue_.top().at;
  TaskId id = next_id_++;
  queue_.push({at, id});
  tasks_.emplace(id, Task{std::move(fn), std::move(execution_id)});
  if (earliest && on_earliest_changed) on_earliest_changed();
  return id;
}

void Scheduler::cancel(TaskId id) { tasks_.erase(id); }

void Scheduler::drop_cancelled() {
  while (!queue_.empty() && !tasks_.count(queue_.top().id)) queue_.pop();
}

std::optional<TimePoint> Scheduler::next_due() {
  drop_cancelled();
  if (queue_.empty()) return std::nullopt;
  return queue_.top().at;
}

bool Scheduler::pop_due(TimePoint limit, TimePoint* at, TaskFn* fn, std::string* execution_id) {
  drop_cancelled();
  if (queue_.empty() || queue_.top().at > limit) return false;
  Entry e = queue_.top();
  queue_.pop();
  auto it = tasks_.find(e.id);
  *at = e.at;
  *fn = std::move(it->second.fn);
  if (execution_id) *execution_id = std::move(it->second.execution_id);
  tasks_.erase(it);
  return true;
}

void Scheduler::clear() {
  queue_ = {};
  tasks_.clear();
}

}  // namespace bolna
