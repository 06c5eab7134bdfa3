#include "batches/batch_store.h"

#include <algorithm>

namespace bolna {

Batch& BatchStore::add(Batch b) {
  auto owned = std::make_unique<Batch>(std::move(b));
  Batch* raw = owned.get();
  by_id_[raw->id] = std::move(owned);
  order_.push_back(raw);
  return *raw;
}

Batch* BatchStore::find(const std::string& id) {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second.get();
}

void BatchStore::remove_if(const std::function<bool(const Batch&)>& pred,
                           const std::function<void(Batch&)>& on_remove) {
  std::vector<Batch*> kept;
  kept.reserve(order_.size());
  std::vector<std::string> doomed;
  for (Batch* b : order_) {
    if (!pred(*b)) {
      kept.push_back(b);
      continue;
    }
    if (on_remove) on_remove(*b);
    doomed.push_back(b->id);
  }
  order_ = std::move(kept);
  for (const auto& id : doomed) by_id_.erase(id);
}

void BatchStore::clear() {
  order_.clear();
  by_id_.clear();
}

}  // namespace bolna
