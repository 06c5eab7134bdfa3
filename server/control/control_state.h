// ControlState: one account's control-API state that request hooks read on every
// request: the request journal, the active faults and the rate limiter. Held by Tenant
// (Tenant::control()); only the hooks and the control API's routes include this header.
//
// Thread safety: none of its own; guarded by the owning tenant's mutex (hooks take it
// briefly around each access).
#pragma once

#include <cstddef>
#include <memory>

#include "control/fault_set.h"
#include "control/rate_limiter.h"
#include "control/request_journal.h"

namespace bolna {

struct ControlState {
  // `journal_size` entries kept (--journal-size) within the global `journal_budget`
  // (--max-journal-bytes; null: none); `rate_limits`: the documented limits on from the
  // start (--rate-limits).
  ControlState(size_t journal_size, bool rate_limits_on,
               std::shared_ptr<JournalBudget> journal_budget = nullptr)
      : journal(journal_size, std::move(journal_budget)),
        rate_limits(RateLimitConfig::documented(rate_limits_on)) {}

  // Empties the journal and the faults; the rate limits restart from the defaults.
  void reset(bool rate_limits_on) {
    journal.reset();
    faults.reset();
    rate_limits.configure(RateLimitConfig::documented(rate_limits_on));
  }

  RequestJournal journal;
  FaultSet faults;
  RateLimiter rate_limits;
};

}  // namespace bolna
