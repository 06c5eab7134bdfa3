// RealtimeDriver: makes time pass by itself for clocks in realtime mode. One Asio
// steady_timer per attached Clocked (a tenant), armed for the wall time at which its next
// task is due; when it fires, due tasks run on the io_context's thread, never on a
// request thread, in slices of at most kSliceTasks so that one tenant's long catch-up
// (a 100,000-row batch start) does not hold the other tenants' timers.
//
// Nothing escapes into the io thread: when run_realtime_due() throws, the failure is
// logged and the owner is tried again kRetryAfterFailure later.
//
// Thread safety: attach() may be called from any thread, before the attached object is
// shared; the wake callbacks it installs may be called from any thread and never block.
// Every timer is touched only on the io thread. A timer entry is dropped once its owner
// is gone. Destroy the driver before its io_context, after the io thread has stopped.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

#include "clock/clocked.h"

namespace bolna {

class RealtimeDriver {
 public:
  static constexpr size_t kSliceTasks = 512;
  static constexpr Micros kRetryAfterFailure = std::chrono::seconds(1);

  explicit RealtimeDriver(boost::asio::io_context& io) : io_(io) {}

  // Hooks `owner` (set_wake) so that new earliest tasks and clock changes re-arm its
  // timer, and arms it once.
  void attach(const std::shared_ptr<Clocked>& owner);

  // Called on the io thread each time due work starts running, with how late it starts:
  // the wall time past the moment the earliest task was due (0 when on time). For the
  // metrics (bolna_emulator_realtime_clock_lag_seconds). Set before attaching; must not block.
  void set_lag_observer(std::function<void(Micros lag)> observer) {
    lag_observer_ = std::move(observer);
  }

  // Timer entries alive (for tests: dead owners' entries are dropped).
  size_t entries_for_test();

 private:
  struct Entry {
    explicit Entry(boost::asio::io_context& io, std::weak_ptr<Clocked> owner)
        : timer(io), owner(std::move(owner)) {}
    boost::asio::steady_timer timer;
    std::weak_ptr<Clocked> owner;
    std::optional<TimePoint> due;  // wall time the armed work falls due (lag measurement)
  };
  void kick(const std::weak_ptr<Entry>& entry);
  void rearm(const std::shared_ptr<Entry>& entry);
  void sweep();

  boost::asio::io_context& io_;
  std::function<void(Micros)> lag_observer_;
  // io thread only.
  std::unordered_map<Entry*, std::shared_ptr<Entry>> entries_;
};

}  // namespace bolna
