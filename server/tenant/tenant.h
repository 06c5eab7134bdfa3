// Tenant: one API key's account: its clock, id generator and every store of its
// resources. Tenants never see each other. All members are guarded by `mutex`; the
// dispatcher holds it while a handler runs (RouteOptions::lock_tenant), and timers take
// it before touching a tenant. Owned by TenantRegistry through shared_ptr.
#pragma once

#include <mutex>
#include <string>

#include "domain/agent_store.h"
#include "domain/virtual_clock.h"
#include "util/ids.h"

namespace bolna {

struct TenantSettings {
  ClockMode clock_mode = ClockMode::kRealtime;
  double clock_speed = 1.0;
};

class Tenant {
 public:
  Tenant(std::string key, bool read_only, uint64_t seed, const TenantSettings& settings);

  const std::string& key() const { return key_; }
  bool read_only() const { return read_only_; }

  // Forgets every resource and restarts the clock from the tenant's defaults
  // (POST /__emulator/reset). Caller holds `mutex`.
  void reset();

  // Deletes an agent and everything that belongs to it. Returns false when there was no
  // such agent. Caller holds `mutex`.
  bool remove_agent(const std::string& agent_id);

  std::mutex mutex;
  VirtualClock clock;
  IdGenerator ids;
  AgentStore agents;

 private:
  std::string key_;
  bool read_only_;
  uint64_t seed_;
  TenantSettings settings_;
};

}  // namespace bolna
