#include "calls/execution_store.h"

#include <algorithm>

namespace bolna {

Execution& ExecutionStore::add(Execution e) {
  auto owned = std::make_unique<Execution>(std::move(e));
  Execution* raw = owned.get();
  by_id_[raw->id] = std::move(owned);
  order_.push_back(raw);
  return *raw;
}

Execution* ExecutionStore::find(const std::string& id) {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second.get();
}

void ExecutionStore::remove_if(const std::function<bool(const Execution&)>& pred,
                               const std::function<void(Execution&)>& on_remove) {
  std::vector<Execution*> kept;
  kept.reserve(order_.size());
  std::vector<std::string> doomed;
  for (Execution* e : order_) {
    if (pred(*e)) {
      if (on_remove) on_remove(*e);
      doomed.push_back(e->id);
    } else {
      kept.push_back(e);
    }
  }
  order_ = std::move(kept);
  for (const auto& id : doomed) by_id_.erase(id);
}

void ExecutionStore::clear() {
  order_.clear();
  by_id_.clear();
}

}  // namespace bolna
