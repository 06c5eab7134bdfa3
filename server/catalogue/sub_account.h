// SubAccount and SubAccountStore: the sub-accounts an organization (tenant) created,
// their concurrency reservations and the checks of create/patch with the documented
// messages. The sub-account's own resources live in its own Tenant (key "sa-<32hex>"),
// which TenantRegistry creates; this store only keeps the record. Not thread-safe:
// guarded by the parent tenant's mutex.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

// The organization's concurrency, against which sub-account reservations are checked
// (the numbers of the vendor's documented error examples).
inline constexpr int kOrgMinConcurrency = 50;
inline constexpr int kOrgMaxConcurrency = 100;

struct SubAccount {
  std::string id;  // dashed UUID
  std::string name;
  std::string api_key;  // "sa-<32hex>"
  int min_concurrency = 0;
  std::optional<int> max_concurrency;  // nullopt: elastic
  bool multi_tenant = false;
  Json db = Json::object();  // db_host, db_name, db_port, db_user, db_password
  TimePoint created_at;
  TimePoint updated_at;
};

using SubAccountStore = OrderedStore<SubAccount>;

// The outcome of a check: ok, or the HTTP status and exact body to answer.
struct SubAccountCheck {
  int status = 0;  // 0: fine
  Json body;
  bool ok() const { return status == 0; }
};

// Checks a POST /sub-accounts/create body against the existing sub-accounts and fills
// `out` (name, concurrency, multi_tenant, db_*).
SubAccountCheck validate_sub_account_create(const Json& body,
                                            const std::vector<const SubAccount*>& existing,
                                            SubAccount& out);

// Checks a PATCH body for sub-account `target` and applies it to `target` when valid.
SubAccountCheck apply_sub_account_patch(const Json& body,
                                        const std::vector<const SubAccount*>& existing,
                                        SubAccount& target);

// POST /sub-accounts/create answer.
Json sub_account_created_json(const SubAccount& s, const std::string& user_id,
                              const std::string& organization_id, Profile profile);
// GET /sub-accounts/all item.
Json sub_account_to_json(const SubAccount& s, const std::string& organization_id);

}  // namespace bolna
