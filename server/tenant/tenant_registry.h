// TenantRegistry: finds the tenant of an API key, creating it on first use (or, when
// keys are declared, only for declared keys) from the key's fixture, if any. Without
// declared keys, the magic key prefixes apply: a key starting with kInvalidKeyPrefix is
// refused like an unknown key, one starting with kReadOnlyKeyPrefix is read-only. With
// declared keys only the keys file decides. Holds at most `max_tenants` tenants
// (--max-tenants): creating one more first evicts the least recently used tenant that
// no request is using at that moment (README "Tenants and authentication"); an evicted
// key starts a fresh tenant on its next request. Thread-safe; tenants live as long as
// the registry or a caller's shared_ptr.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tenant/keys_file.h"
#include "tenant/tenant.h"

namespace bolna {

// Magic key prefixes of the any-key mode (no keys file).
inline constexpr const char* kInvalidKeyPrefix = "invalid-";
inline constexpr const char* kReadOnlyKeyPrefix = "readonly-";

class TenantRegistry {
 public:
  // `declared`: when set, only these keys are accepted. `seed`: global seed or nullopt.
  // `fixtures`: what tenants created on first use start from (Fixtures::for_key); null
  // for none. Sub-account tenants (declare()) start without a fixture.
  // `max_tenants`: the most tenants kept at once (0: no limit).
  TenantRegistry(std::optional<std::map<std::string, DeclaredKey>> declared,
                 std::optional<uint64_t> seed, TenantSettings settings,
                 std::shared_ptr<const Fixtures> fixtures = nullptr, size_t max_tenants = 0);

  // The key's tenant; nullptr when keys are declared and this one is not. Counts as a use
  // of the tenant (for eviction).
  std::shared_ptr<Tenant> find_or_create(const std::string& key);
  // The key's tenant only if it exists already (also a use).
  std::shared_ptr<Tenant> find(const std::string& key) const;
  // How many tenants exist now.
  size_t size() const;
  // Declares `key` at run time (a sub-account's "sa-" key) and creates its tenant, whose
  // parent_key() is `parent_key`. The key works even when a keys file restricts keys.
  std::shared_ptr<Tenant> declare(const std::string& key, const std::string& parent_key);
  // Forgets the tenant of `key` and refuses the key from now on (sub-account delete).
  // Returns the removed tenant (null if none) so the caller can wipe it under its lock.
  std::shared_ptr<Tenant> remove(const std::string& key);

  // Every tenant (for global control actions).
  std::vector<std::shared_ptr<Tenant>> all() const;

  // The start-up settings. Its `scenario` may be replaced by set_startup_scenario() at any
  // time: read that through startup_scenario() instead.
  const TenantSettings& settings() const { return settings_; }
  // The fixtures tenants start from (null: none). Fixed at construction.
  const std::shared_ptr<const Fixtures>& fixtures() const { return fixtures_; }

  // Replaces the startup scenario: for tenants created from now on, and (under each
  // tenant's mutex) for existing tenants that have not loaded their own. Any thread.
  void set_startup_scenario(std::shared_ptr<const Scenario> scenario);
  // The current startup scenario (never null).
  std::shared_ptr<const Scenario> startup_scenario() const;

  // Called once for every tenant right after it is created and before it is published
  // (under the registry's lock: it must not call back into the registry, and must not
  // block). Set before serving.
  std::function<void(const std::shared_ptr<Tenant>&)> on_create;

 private:
  std::optional<std::map<std::string, DeclaredKey>> declared_;
  std::optional<uint64_t> seed_;
  TenantSettings settings_;
  std::shared_ptr<const Fixtures> fixtures_;
  mutable std::shared_mutex mutex_;
  std::mutex startup_mutex_;  // serializes set_startup_scenario()
  struct Slot {
    std::shared_ptr<Tenant> tenant;
    mutable std::atomic<uint64_t> last_used{0};  // a tick of use_clock_
  };
  // Caller holds mutex_ exclusively. Makes room for one more tenant under max_tenants_:
  // moves the evicted tenants to *evicted (to be destroyed after the lock is released).
  void make_room_locked(std::vector<std::shared_ptr<Tenant>>* evicted);
  // Without the registry's lock: wipes evicted tenants (they are destroyed with the
  // last shared_ptr).
  static void retire(const std::vector<std::shared_ptr<Tenant>>& evicted);
  void touch(const Slot& slot) const { slot.last_used = ++use_clock_; }

  size_t max_tenants_;
  mutable std::atomic<uint64_t> use_clock_{0};
  std::unordered_map<std::string, Slot> tenants_;
  std::unordered_map<std::string, std::string> runtime_keys_;  // key -> parent key
  std::unordered_set<std::string> revoked_;
};

}  // namespace bolna
