// BatchStore: a tenant's batches by id, in creation order (common/ordered_store.h says
// how long pointers stay valid). Guarded by the owning tenant's mutex.
#pragma once

#include "batches/batch.h"
#include "common/ordered_store.h"

namespace bolna {

using BatchStore = OrderedStore<Batch>;

}  // namespace bolna
