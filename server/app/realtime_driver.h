// RealtimeDriver: makes time pass by itself for tenants whose clock is in realtime mode.
// One Asio steady_timer per tenant, armed for the wall time at which the tenant's next
// task is due; when it fires, due tasks run under the tenant's mutex. Attach each tenant
// once at creation (TenantRegistry's on_create). All timer work runs on the io_context's
// thread; attach() and the wake callbacks may be called from any thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <unordered_map>

#include "tenant/tenant.h"

namespace bolna {

class RealtimeDriver {
 public:
  explicit RealtimeDriver(boost::asio::io_context& io) : io_(io) {}

  // Hooks the tenant's scheduler so that new earliest tasks and clock changes re-arm
  // its timer.
  void attach(const std::shared_ptr<Tenant>& tenant);

 private:
  void kick(std::weak_ptr<Tenant> tenant);
  void rearm(const std::weak_ptr<Tenant>& tenant);

  boost::asio::io_context& io_;
  // io thread only.
  std::unordered_map<const Tenant*, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace bolna
