#include "app/realtime_driver.h"

#include <boost/asio/post.hpp>

namespace bolna {

void RealtimeDriver::attach(const std::shared_ptr<Tenant>& tenant) {
  std::weak_ptr<Tenant> weak = tenant;
  tenant->scheduler.on_earliest_changed = [this, weak] { kick(weak); };
  kick(weak);
}

void RealtimeDriver::kick(std::weak_ptr<Tenant> tenant) {
  boost::asio::post(io_, [this, tenant = std::move(tenant)] { rearm(tenant); });
}

void RealtimeDriver::rearm(const std::weak_ptr<Tenant>& weak) {
  auto tenant = weak.lock();
  if (!tenant) return;
  std::optional<TimePoint> wall_due;
  {
    std::lock_guard lock(tenant->mutex);
    if (tenant->clock.mode() == ClockMode::kRealtime) {
      tenant->run_due(tenant->clock.now());
      if (auto next = tenant->scheduler.next_due()) wall_due = tenant->clock.wall_time_for(*next);
    }
  }
  auto& timer = timers_[tenant.get()];
  if (!timer) timer = std::make_unique<boost::asio::steady_timer>(io_);
  timer->cancel();
  if (!wall_due) return;
  auto delay = *wall_due - wall_now();
  if (delay < Micros(0)) delay = Micros(0);
  timer->expires_after(delay);
  timer->async_wait([this, weak](const boost::system::error_code& ec) {
    if (!ec) rearm(weak);
  });
}

}  // namespace bolna
