#include "app/register_routes.h"

#include "api/routes.h"
#include "control/routes/routes.h"

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
  register_fixtures_routes(router, services);
  register_stream_routes(router, services);
  register_metrics_routes(router, services);
  register_ui_routes(router, services);
  register_phone_number_routes(router, services);
  register_inbound_routes(router, services);
  register_knowledgebase_routes(router, services);
  register_provider_routes(router, services);
  register_voice_routes(router, services);
  register_subaccount_routes(router, services);
  register_sip_trunk_routes(router, services);
  register_disposition_routes(router, services);
  register_extraction_routes(router, services);
  register_violation_routes(router, services);
  register_graph_event_routes(router, services);
}

}  // namespace bolna
