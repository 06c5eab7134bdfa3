// AccountDirectory: how the HTTP layer turns a Bearer key into an account. The app
// adapts the tenant registry to it (app/tenant_directory.h). Implementations must be
// thread-safe: the dispatcher calls them from every worker thread.
#pragma once

#include <memory>
#include <string>

#include "common/account.h"

namespace bolna {

class AccountDirectory {
 public:
  virtual ~AccountDirectory() = default;

  // The account of `key` (created on first use where keys are open), or null when the
  // key is refused. Never throws for an unknown key.
  virtual std::shared_ptr<Account> find_or_create(const std::string& key) = 0;
};

}  // namespace bolna
