#include "api/routes.h"

namespace bolna {

void register_all_routes(Router& router, Services& services) {
  register_control_routes(router, services);
  register_agent_routes(router, services);
  register_call_routes(router, services);
  register_execution_routes(router, services);
  register_account_routes(router, services);
  register_clock_routes(router, services);
  register_journal_routes(router, services);
  register_faults_routes(router, services);
  register_rate_limit_routes(router, services);
  register_scenario_routes(router, services);
  register_batch_routes(router, services);
  register_webhook_routes(router, services);
}

}  // namespace bolna
