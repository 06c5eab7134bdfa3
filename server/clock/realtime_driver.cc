#include "clock/realtime_driver.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <future>

namespace bolna {

namespace {

void log_failure(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    spdlog::error("realtime clock: running due tasks failed: {}", e.what());
  } catch (...) {
    spdlog::error("realtime clock: running due tasks failed");
  }
}

}  // namespace

void RealtimeDriver::attach(const std::shared_ptr<Clocked>& owner) {
  auto entry = std::make_shared<Entry>(io_, owner);
  std::weak_ptr<Entry> weak = entry;
  owner->set_wake([this, weak] { kick(weak); });
  boost::asio::post(io_, [this, entry] {
    sweep();
    entries_[entry.get()] = entry;
    rearm(entry);
  });
}

size_t RealtimeDriver::entries_for_test() {
  std::promise<size_t> count;
  boost::asio::post(io_, [this, &count] {
    sweep();
    count.set_value(entries_.size());
  });
  return count.get_future().get();
}

void RealtimeDriver::sweep() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second->owner.expired())
      it = entries_.erase(it);
    else
      ++it;
  }
}

void RealtimeDriver::kick(const std::weak_ptr<Entry>& weak) {
  boost::asio::post(io_, [this, weak] {
    if (auto entry = weak.lock()) rearm(entry);
  });
}

void RealtimeDriver::rearm(const std::shared_ptr<Entry>& entry) {
  auto owner = entry->owner.lock();
  if (!owner) {
    entries_.erase(entry.get());
    return;
  }
  if (entry->due && lag_observer_) {
    TimePoint started = wall_now();
    if (started >= *entry->due)
      lag_observer_(std::chrono::duration_cast<Micros>(started - *entry->due));
  }
  entry->due.reset();
  std::optional<TimePoint> wall_due;
  try {
    wall_due = owner->run_realtime_due(kSliceTasks);
  } catch (...) {
    // Nothing may escape into the io thread (it would end the process). The tasks
    // themselves never throw (CallAccount::run_due); try again in a second.
    log_failure(std::current_exception());
    wall_due = wall_now() + kRetryAfterFailure;
  }
  owner.reset();
  entry->timer.cancel();
  if (!wall_due) return;
  entry->due = wall_due;
  auto delay = *wall_due - wall_now();
  if (delay <= Micros(0)) {
    // More is due already (the slice was cut short): let other work on the io thread run
    // first, then go on.
    kick(entry);
    return;
  }
  entry->timer.expires_after(delay);
  std::weak_ptr<Entry> weak = entry;
  entry->timer.async_wait([this, weak](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto e = weak.lock()) rearm(e);
  });
}

}  // namespace bolna
