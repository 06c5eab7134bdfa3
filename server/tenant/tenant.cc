#include "tenant/tenant.h"

namespace bolna {

Tenant::Tenant(std::string key, bool read_only, uint64_t seed, const TenantSettings& settings)
    : clock(settings.clock_mode, settings.clock_speed),
      ids(seed),
      key_(std::move(key)),
      read_only_(read_only),
      seed_(seed),
      settings_(settings) {}

void Tenant::reset() {
  clock = VirtualClock(settings_.clock_mode, settings_.clock_speed);
  ids = IdGenerator(seed_);
  agents.clear();
}

bool Tenant::remove_agent(const std::string& agent_id) { return agents.remove(agent_id); }

}  // namespace bolna
