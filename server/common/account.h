// Account: what the HTTP layer knows of an authenticated caller's account: whether its
// key may write, and the lock that guards all of its state. Tenant (tenant/tenant.h)
// is an Account; the HTTP layer (http/) sees only this, so it never depends on the
// domain. Thread safety: `mutex` guards the account's state; read_only() is fixed at
// creation and safe from any thread.
#pragma once

#include <mutex>

namespace bolna {

class Account {
 public:
  virtual ~Account() = default;

  // True for a read-only key: every write (POST, PUT, PATCH, DELETE) of the real API is
  // refused with a 403.
  virtual bool read_only() const = 0;

  // Guards every member of the account (and of the object that derives from it).
  std::mutex mutex;
};

}  // namespace bolna
