#include "clock/virtual_clock.h"

namespace bolna {

VirtualClock::VirtualClock(ClockMode mode, double speed, WallSource wall)
    : mode_(mode), speed_(speed > 0 ? speed : 1.0), wall_(std::move(wall)) {
  anchor_wall_ = wall_();
  anchor_virtual_ = anchor_wall_;
}

TimePoint VirtualClock::now() const {
  if (mode_ == ClockMode::kManual) return anchor_virtual_;
  return anchor_virtual_ + (wall_() - anchor_wall_);
}

void VirtualClock::rebase() {
  anchor_virtual_ = now();
  anchor_wall_ = wall_();
}

void VirtualClock::set_mode(ClockMode mode, double speed) {
  rebase();
  mode_ = mode;
  if (speed > 0) speed_ = speed;
}

void VirtualClock::set_now(TimePoint t) {
  anchor_virtual_ = t;
  anchor_wall_ = wall_();
}

void VirtualClock::advance(Micros d) {
  rebase();
  if (d.count() > 0) anchor_virtual_ += d;
}

TimePoint VirtualClock::wall_time_for(TimePoint t) const {
  return anchor_wall_ + (t - anchor_virtual_);
}

Micros VirtualClock::compress(Micros d) const {
  if (mode_ == ClockMode::kManual || speed_ == 1.0) return d;
  return Micros(static_cast<int64_t>(static_cast<double>(d.count()) / speed_));
}

const char* to_string(ClockMode mode) {
  return mode == ClockMode::kManual ? "manual" : "realtime";
}

}  // namespace bolna
