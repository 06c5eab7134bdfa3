// Registration of every handler group. Each group lives in its own file
// (api/<group>_routes.cc) and adds its routes to the router at start-up.
#pragma once

#include "app/services.h"
#include "http/router.h"

namespace bolna {

void register_control_routes(Router& router, Services& services);  // /__emulator/...
void register_agent_routes(Router& router, Services& services);    // /v2/agent, /agent

// All of the above, in order.
void register_all_routes(Router& router, Services& services);

}  // namespace bolna
