#include "tenant/tenant_registry.h"

namespace bolna {

TenantRegistry::TenantRegistry(std::optional<std::map<std::string, DeclaredKey>> declared,
                               std::optional<uint64_t> seed, TenantSettings settings,
                               std::shared_ptr<const Fixtures> fixtures)
    : declared_(std::move(declared)),
      seed_(seed),
      settings_(std::move(settings)),
      fixtures_(std::move(fixtures)) {}

std::shared_ptr<Tenant> TenantRegistry::find(const std::string& key) const {
  std::shared_lock lock(mutex_);
  auto it = tenants_.find(key);
  return it == tenants_.end() ? nullptr : it->second;
}

std::shared_ptr<Tenant> TenantRegistry::find_or_create(const std::string& key) {
  if (auto t = find(key)) return t;
  std::shared_ptr<Tenant> created;
  {
    std::unique_lock lock(mutex_);
    if (revoked_.count(key)) return nullptr;
    bool read_only = false;
    if (declared_ && !runtime_keys_.count(key)) {
      auto it = declared_->find(key);
      if (it == declared_->end()) return nullptr;
      read_only = it->second.read_only;
    } else if (!declared_) {
      if (key.rfind(kInvalidKeyPrefix, 0) == 0) return nullptr;
      read_only = key.rfind(kReadOnlyKeyPrefix, 0) == 0;
    }
    auto& slot = tenants_[key];
    if (slot) return slot;
    uint64_t seed = tenant_seed(key, seed_ ? &*seed_ : nullptr);
    created = std::make_shared<Tenant>(key, read_only, seed, settings_,
                                       fixtures_ ? fixtures_->for_key(key) : nullptr);
    // Wired before it is published: no other thread can see a tenant whose listeners
    // and clock hook are still being attached.
    if (on_create) on_create(created);
    slot = created;
  }
  return created;
}

void TenantRegistry::set_startup_scenario(std::shared_ptr<const Scenario> scenario) {
  std::lock_guard serial(startup_mutex_);
  std::vector<std::shared_ptr<Tenant>> existing;
  {
    std::unique_lock lock(mutex_);
    settings_.scenario = scenario;
    for (const auto& [key, tenant] : tenants_) existing.push_back(tenant);
  }
  for (const auto& tenant : existing) {
    std::lock_guard lock(tenant->mutex);
    tenant->set_startup_scenario(scenario);
  }
}

std::shared_ptr<const Scenario> TenantRegistry::startup_scenario() const {
  std::shared_lock lock(mutex_);
  return settings_.scenario ? settings_.scenario : default_scenario();
}

std::shared_ptr<Tenant> TenantRegistry::declare(const std::string& key,
                                                const std::string& parent_key) {
  std::unique_lock lock(mutex_);
  revoked_.erase(key);
  runtime_keys_[key] = parent_key;
  auto& slot = tenants_[key];
  if (!slot) {
    uint64_t seed = tenant_seed(key, seed_ ? &*seed_ : nullptr);
    auto created = std::make_shared<Tenant>(key, false, seed, settings_);
    created->set_parent_key(parent_key);
    if (on_create) on_create(created);  // wired before it is published
    slot = created;
    return created;
  }
  slot->set_parent_key(parent_key);
  return slot;
}

std::shared_ptr<Tenant> TenantRegistry::remove(const std::string& key) {
  std::unique_lock lock(mutex_);
  runtime_keys_.erase(key);
  revoked_.insert(key);
  auto it = tenants_.find(key);
  if (it == tenants_.end()) return nullptr;
  auto tenant = it->second;
  tenants_.erase(it);
  return tenant;
}

std::vector<std::shared_ptr<Tenant>> TenantRegistry::all() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<Tenant>> out;
  out.reserve(tenants_.size());
  for (const auto& [key, tenant] : tenants_) out.push_back(tenant);
  return out;
}

}  // namespace bolna
