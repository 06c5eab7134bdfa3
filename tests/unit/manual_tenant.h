// Test support for unit tests: settings for a tenant whose clock stands still until a
// test advances it. Header-only; no state.
#pragma once

#include "tenant/tenant.h"

namespace bolna::testing {

inline TenantSettings manual_clock_settings() {
  TenantSettings s;
  s.clock_mode = ClockMode::kManual;
  return s;
}

}  // namespace bolna::testing
