// Registration of the real API's handler groups. Each group lives in its own file
// (api/<group>_routes.cc) and adds its routes to the router at start-up, before the
// server binds; called once, from app/register_routes.cc only.
#pragma once

#include "handler/services.h"
#include "http/router.h"

namespace bolna {

void register_agent_routes(Router& router, Services& services);    // /v2/agent, /agent
void register_call_routes(Router& router, Services& services);     // /call, agent stop
void register_execution_routes(Router& router, Services& services);  // /executions, lists
void register_account_routes(Router& router, Services& services);  // /user/me, recordings
void register_batch_routes(Router& router, Services& services);    // /batches...
void register_phone_number_routes(Router& router, Services& services);  // /phone-numbers
void register_inbound_routes(Router& router, Services& services);       // /inbound
void register_knowledgebase_routes(Router& router, Services& services); // /knowledgebase
void register_provider_routes(Router& router, Services& services);  // /providers, custom model
void register_voice_routes(Router& router, Services& services);     // voices catalogue
void register_subaccount_routes(Router& router, Services& services);  // /sub-accounts
void register_sip_trunk_routes(Router& router, Services& services);   // /sip-trunks
void register_disposition_routes(Router& router, Services& services); // /dispositions
void register_extraction_routes(Router& router, Services& services);  // templates, categories
void register_violation_routes(Router& router, Services& services);   // /violations
void register_graph_event_routes(Router& router, Services& services);  // /v1/call/{id}/events

}  // namespace bolna
