// Scheduler: one tenant's queue of timed tasks on its virtual clock (status transitions,
// dial times, retries, batch starts, webhook retries). Tasks due at the same instant run
// in the order they were scheduled. Not thread-safe: guarded by the owning tenant's
// mutex. The owner runs due tasks (CallAccount::run_due); the scheduler only orders them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/time.h"

namespace bolna {

// A task captures what it works on (e.g. its account); the account owns the scheduler,
// so a captured reference to it outlives every task.
using TaskFn = std::function<void()>;
using TaskId = uint64_t;

class Scheduler {
 public:
  // Adds a task due at `at`; returns its id (for cancel()). Calls the earliest-changed
  // callback when this task is now the earliest pending one. `execution_id` names the
  // execution the task moves ("" for other tasks), so that a task that fails can be
  // recorded on it (CallAccount::run_due).
  TaskId schedule(TimePoint at, TaskFn fn, std::string execution_id = {});
  // Forgets a pending task; a no-op for an unknown or finished id.
  void cancel(TaskId id);
  // When the earliest pending task is due, if any.
  std::optional<TimePoint> next_due();
  // Removes and returns the earliest task (and, when `execution_id` is not null, the
  // execution it was scheduled for) if it is due at or before `limit`.
  bool pop_due(TimePoint limit, TimePoint* at, TaskFn* fn, std::string* execution_id = nullptr);
  size_t pending() const { return tasks_.size(); }
  void clear();

  // Called (under the tenant's mutex) whenever a newly scheduled task becomes the
  // earliest; the realtime driver uses it to re-arm its timer. Must not block.
  std::function<void()> on_earliest_changed;

 private:
  struct Entry {
    TimePoint at;
    TaskId id;
    bool operator>(const Entry& o) const { return at != o.at ? at > o.at : id > o.id; }
  };
  void drop_cancelled();

  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue_;
  struct Task {
    TaskFn fn;
    std::string execution_id;
  };
  std::unordered_map<TaskId, Task> tasks_;
  TaskId next_id_ = 1;
};

}  // namespace bolna
