// The caller's tenant, for handler groups (api/ and control/routes). The HTTP layer
// knows the caller only as an Account; every Account it is given comes from the
// tenant registry (app/tenant_directory.h), so it is a Tenant. Valid while the
// request runs; the tenant's mutex is held when the route locks its tenant.
#pragma once

#include <memory>

#include "http/request_context.h"
#include "tenant/tenant.h"

namespace bolna {

// The authenticated caller's tenant. Only on routes that require a key.
inline Tenant& tenant_of(RequestContext& ctx) { return static_cast<Tenant&>(*ctx.account); }
inline const Tenant& tenant_of(const RequestContext& ctx) {
  return static_cast<const Tenant&>(*ctx.account);
}

// The caller's tenant, or null when the request carried no accepted key.
inline std::shared_ptr<Tenant> tenant_ptr(const RequestContext& ctx) {
  return std::static_pointer_cast<Tenant>(ctx.account);
}

}  // namespace bolna
