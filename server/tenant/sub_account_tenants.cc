#include "catalogue/catalogue.h"
#include "tenant/sub_account_tenants.h"

namespace bolna {

void drop_sub_account_tenant(TenantRegistry& registry, const std::string& key) {
  if (auto child = registry.remove(key)) {
    std::lock_guard lock(child->mutex);
    child->reset();
  }
}

void drop_sub_account_tenants(Tenant& parent, TenantRegistry& registry) {
  for (const SubAccount* s : parent.catalogue().sub_accounts.all()) drop_sub_account_tenant(registry, s->api_key);
}

}  // namespace bolna
