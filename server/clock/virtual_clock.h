// VirtualClock: one tenant's notion of "now". In realtime mode it follows the wall clock
// (plus whatever a test moved it explicitly), so its stamps stay coherent with a
// client's own clock; the speed factor does not make it run faster, it compresses the
// delays the emulator schedules by itself (compress()). In manual mode it stands still
// until advanced. Every timestamp and every timed transition of a tenant reads this
// clock, never the wall clock. Not thread-safe: guarded by the owning tenant's mutex.
#pragma once

#include <functional>

#include "common/time.h"

namespace bolna {

enum class ClockMode { kRealtime, kManual };

class VirtualClock {
 public:
  using WallSource = std::function<TimePoint()>;

  // Starts at the wall clock's current time. `wall` is injectable for tests.
  VirtualClock(ClockMode mode, double speed, WallSource wall = wall_now);

  TimePoint now() const;
  ClockMode mode() const { return mode_; }
  double speed() const { return speed_; }

  // Switches mode (and speed, for realtime) without a jump in virtual time.
  void set_mode(ClockMode mode, double speed);
  // Jumps to `t` (either direction; the caller checks for pending work).
  void set_now(TimePoint t);
  // Moves forward by `d` (>= 0).
  void advance(Micros d);

  // For realtime scheduling: the wall time at which virtual time `t` is reached.
  TimePoint wall_time_for(TimePoint t) const;

  // A delay the emulator schedules by itself (the gap between two statuses of an outcome
  // script, a retry interval, batch processing, a webhook backoff): divided by the speed
  // factor in realtime mode, unchanged in manual mode (a test moves time itself there).
  Micros compress(Micros d) const;

 private:
  void rebase();

  ClockMode mode_;
  double speed_;
  WallSource wall_;
  TimePoint anchor_virtual_;
  TimePoint anchor_wall_;
};

const char* to_string(ClockMode mode);

}  // namespace bolna
