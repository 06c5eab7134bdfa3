// Clocked: something with a virtual clock and due work that the realtime driver makes
// time pass for (a tenant). Implementations take their own lock in run_realtime_due();
// set_wake() is called once, before the object is shared with other threads.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include "common/time.h"

namespace bolna {

class Clocked {
 public:
  virtual ~Clocked() = default;

  // When the clock is in realtime mode: runs at most `max_tasks` tasks due by now (under
  // the owner's lock) and returns the wall time at which the next task falls due (which
  // may already have passed when `max_tasks` cut the run short). nullopt: nothing is
  // pending, or the clock is manual.
  virtual std::optional<TimePoint> run_realtime_due(size_t max_tasks) = 0;

  // Installs the callback to call whenever the earliest due time may have changed (a new
  // earliest task, a clock change). The callback never blocks.
  virtual void set_wake(std::function<void()> wake) = 0;
};

}  // namespace bolna
