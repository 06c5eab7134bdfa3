// ExecutionStore: a tenant's executions by id, in creation order (common/ordered_store.h
// says how long pointers stay valid). Guarded by the owning tenant's mutex.
#pragma once

#include "calls/execution.h"
#include "common/ordered_store.h"

namespace bolna {

using ExecutionStore = OrderedStore<Execution>;

}  // namespace bolna
