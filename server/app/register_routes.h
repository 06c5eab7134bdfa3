// Wires every handler group (the real API's and the control API's) into one router, in
// a fixed order. Called once by App before the server binds.
#pragma once

#include "handler/services.h"
#include "http/router.h"

namespace bolna {

void register_all_routes(Router& router, Services& services);

}  // namespace bolna
