// The link between an organization's sub-account records and the sub-accounts' own
// tenants in the registry: forgetting a sub-account wipes its tenant and revokes its key.
// Lock order: the caller holds the parent tenant's mutex; these take each sub-account
// tenant's mutex in turn (parent before child, never the reverse).
#pragma once

#include <string>

#include "tenant/tenant.h"
#include "tenant/tenant_registry.h"

namespace bolna {

// Revokes `key` and wipes its tenant (if it exists).
void drop_sub_account_tenant(TenantRegistry& registry, const std::string& key);

// Drops the tenant of every sub-account of `parent` (used before resetting `parent`).
void drop_sub_account_tenants(Tenant& parent, TenantRegistry& registry);

}  // namespace bolna
