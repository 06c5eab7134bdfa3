// BatchAccount: the part of one account (tenant) that the batch engine works on: its
// calls (CallAccount) plus its batches and the batch status listeners. Tenant
// (tenant/tenant.h) is a BatchAccount. Same thread safety as CallAccount: guarded by the
// owning tenant's mutex, which callers hold.
#pragma once

#include <functional>
#include <vector>

#include "batches/batch_store.h"
#include "calls/call_account.h"

namespace bolna {

class BatchAccount;
// Called (under the tenant's mutex) on EVERY batch status change, including the first
// ("created"), after the change is recorded.
using BatchListener = std::function<void(BatchAccount&, const Batch&)>;

class BatchAccount : public CallAccount {
 public:
  using CallAccount::CallAccount;

  BatchStore batches;
  // e.g. the batch webhook sends batch_to_json(batch, now(), profile) to
  // batch.webhook_url. Wiring, not state: survives a reset.
  std::vector<BatchListener> batch_listeners;

 protected:
  ~BatchAccount() = default;
};

}  // namespace bolna
