#include "tenant/tenant_registry.h"

namespace bolna {

TenantRegistry::TenantRegistry(std::optional<std::map<std::string, DeclaredKey>> declared,
                               std::optional<uint64_t> seed, TenantSettings settings,
                               std::shared_ptr<const Fixtures> fixtures, size_t max_tenants)
    : declared_(std::move(declared)),
      seed_(seed),
      settings_(std::move(settings)),
      fixtures_(std::move(fixtures)),
      max_tenants_(max_tenants) {}

std::shared_ptr<Tenant> TenantRegistry::find(const std::string& key) const {
  std::shared_lock lock(mutex_);
  auto it = tenants_.find(key);
  if (it == tenants_.end()) return nullptr;
  touch(it->second);
  return it->second.tenant;
}

size_t TenantRegistry::size() const {
  std::shared_lock lock(mutex_);
  return tenants_.size();
}

void TenantRegistry::retire(const std::vector<std::shared_ptr<Tenant>>& evicted) {
  // reset() also lets the tenant's listeners (the webhook dispatcher) forget it.
  for (const auto& t : evicted) {
    std::lock_guard lock(t->mutex);
    t->reset();
  }
}

void TenantRegistry::make_room_locked(std::vector<std::shared_ptr<Tenant>>* evicted) {
  if (max_tenants_ == 0) return;
  while (tenants_.size() >= max_tenants_) {
    // The least recently used tenant that only the registry holds (no request in
    // flight). Linear, but only when a new key arrives at the limit.
    auto victim = tenants_.end();
    for (auto it = tenants_.begin(); it != tenants_.end(); ++it)
      if (it->second.tenant.use_count() == 1 &&
          (victim == tenants_.end() || it->second.last_used < victim->second.last_used))
        victim = it;
    if (victim == tenants_.end()) return;  // all busy: go over for now, evict later
    evicted->push_back(std::move(victim->second.tenant));
    tenants_.erase(victim);
  }
}

std::shared_ptr<Tenant> TenantRegistry::find_or_create(const std::string& key) {
  if (auto t = find(key)) return t;
  std::shared_ptr<Tenant> created;
  std::vector<std::shared_ptr<Tenant>> evicted;  // destroyed after the lock, at return
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
    if (auto it = tenants_.find(key); it != tenants_.end()) {
      touch(it->second);
      return it->second.tenant;
    }
    make_room_locked(&evicted);
    uint64_t seed = tenant_seed(key, seed_ ? &*seed_ : nullptr);
    created = std::make_shared<Tenant>(key, read_only, seed, settings_,
                                       fixtures_ ? fixtures_->for_key(key) : nullptr);
    // A sub-account key whose tenant was evicted keeps its parent.
    if (auto parent = runtime_keys_.find(key); parent != runtime_keys_.end())
      created->set_parent_key(parent->second);
    // Wired before it is published: no other thread can see a tenant whose listeners
    // and clock hook are still being attached.
    if (on_create) on_create(created);
    Slot& slot = tenants_[key];
    slot.tenant = created;
    touch(slot);
  }
  retire(evicted);
  return created;
}

void TenantRegistry::set_startup_scenario(std::shared_ptr<const Scenario> scenario) {
  std::lock_guard serial(startup_mutex_);
  std::vector<std::shared_ptr<Tenant>> existing;
  {
    std::unique_lock lock(mutex_);
    settings_.scenario = scenario;
    for (const auto& [key, slot] : tenants_) existing.push_back(slot.tenant);
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
  std::vector<std::shared_ptr<Tenant>> evicted;  // destroyed after the lock, at return
  std::unique_lock lock(mutex_);
  revoked_.erase(key);
  runtime_keys_[key] = parent_key;
  if (auto it = tenants_.find(key); it != tenants_.end()) {
    it->second.tenant->set_parent_key(parent_key);
    touch(it->second);
    return it->second.tenant;
  }
  make_room_locked(&evicted);
  uint64_t seed = tenant_seed(key, seed_ ? &*seed_ : nullptr);
  auto created = std::make_shared<Tenant>(key, false, seed, settings_);
  created->set_parent_key(parent_key);
  if (on_create) on_create(created);  // wired before it is published
  Slot& slot = tenants_[key];
  slot.tenant = created;
  touch(slot);
  lock.unlock();
  retire(evicted);
  return created;
}

std::shared_ptr<Tenant> TenantRegistry::remove(const std::string& key) {
  std::unique_lock lock(mutex_);
  runtime_keys_.erase(key);
  revoked_.insert(key);
  auto it = tenants_.find(key);
  if (it == tenants_.end()) return nullptr;
  auto tenant = std::move(it->second.tenant);
  tenants_.erase(it);
  return tenant;
}

std::vector<std::shared_ptr<Tenant>> TenantRegistry::all() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<Tenant>> out;
  out.reserve(tenants_.size());
  for (const auto& [key, slot] : tenants_) out.push_back(slot.tenant);
  return out;
}

}  // namespace bolna
