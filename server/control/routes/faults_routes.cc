// Fault injection's control routes: POST, GET and DELETE /__emulator/faults and DELETE
// /__emulator/faults/{fault_id}. The fault hook (api/hooks.h) applies them.
#include <random>
#include <stdexcept>

#include "handler/tenant_of.h"
#include "control/control_state.h"
#include "control/routes/routes.h"
#include "http/api_error.h"
#include "http/request_context.h"

namespace bolna {

namespace {

void add_fault(RequestContext& ctx) {
  const Json& body = ctx.json_object();
  // A probability without a seed gets a random one (shown in the answer, to replay it).
  uint64_t random_seed =
      (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  random_seed &= (uint64_t{1} << 53) - 1;  // stays exact in JSON clients' doubles
  try {
    FaultSpec spec = FaultSet::parse(body, random_seed);
    ctx.reply(201, tenant_of(ctx).control().faults.add(std::move(spec)));
  } catch (const std::invalid_argument& e) {
    throw bad_request(e.what());
  }
}

}  // namespace

void register_faults_routes(Router& router, Services& services) {
  (void)services;
  RouteOptions control = control_route();
  router.add("POST", "/__emulator/faults", add_fault, control);
  router.add(
      "GET", "/__emulator/faults",
      [](RequestContext& c) {
        c.reply(200, Json{{"faults", tenant_of(c).control().faults.to_json()}});
      },
      control);
  router.add(
      "DELETE", "/__emulator/faults",
      [](RequestContext& c) {
        c.reply(200, Json{{"deleted", tenant_of(c).control().faults.clear()}});
      },
      control);
  router.add(
      "DELETE", "/__emulator/faults/{fault_id}",
      [](RequestContext& c) {
        if (!tenant_of(c).control().faults.remove(c.param("fault_id"))) throw not_found("Fault");
        c.reply(200, Json{{"deleted", 1}});
      },
      control);
}

}  // namespace bolna
