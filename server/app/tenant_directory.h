// TenantDirectory: the HTTP layer's AccountDirectory over the tenant registry. Every
// Account it hands out is a Tenant (handler/tenant_of.h relies on it). Thread-safe;
// the registry must outlive it.
#pragma once

#include <memory>
#include <string>

#include "http/account_directory.h"
#include "tenant/tenant_registry.h"

namespace bolna {

class TenantDirectory : public AccountDirectory {
 public:
  explicit TenantDirectory(TenantRegistry& tenants) : tenants_(tenants) {}

  std::shared_ptr<Account> find_or_create(const std::string& key) override {
    return tenants_.find_or_create(key);
  }

 private:
  TenantRegistry& tenants_;
};

}  // namespace bolna
