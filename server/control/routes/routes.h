// Registration of the control API's handler groups (/__emulator/...): everything a test
// needs that the real service does not have. Each group lives in control/<group>_routes.cc;
// called once at start-up, from app/register_routes.cc only.
#pragma once

#include "handler/services.h"
#include "http/router.h"

namespace bolna {

void register_control_routes(Router& router, Services& services);  // health, ready, reset
void register_clock_routes(Router& router, Services& services);    // /__emulator/clock...
void register_journal_routes(Router& router, Services& services);  // /__emulator/requests
void register_faults_routes(Router& router, Services& services);   // /__emulator/faults
void register_rate_limit_routes(Router& router, Services& services);  // /__emulator/rate-limits
void register_scenario_routes(Router& router, Services& services);  // /__emulator/scenario
void register_webhook_routes(Router& router, Services& services);  // /__emulator/webhooks, sink
void register_fixtures_routes(Router& router, Services& services);  // /__emulator/fixtures
void register_stream_routes(Router& router, Services& services);   // /__emulator/stream (SSE)
void register_metrics_routes(Router& router, Services& services);  // /__emulator/metrics
// GET / (pointer to the dashboard), /__emulator/ui (the dashboard), /__emulator/tenants
void register_ui_routes(Router& router, Services& services);

}  // namespace bolna
