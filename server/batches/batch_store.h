// BatchStore: a tenant's batches by id, listed in creation order. Pointers stay valid
// until the batch is removed. Not thread-safe: guarded by the owning tenant's mutex.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "batches/batch.h"

namespace bolna {

class BatchStore {
 public:
  // Stores `b` (its id must be new) and returns the stored batch.
  Batch& add(Batch b);
  Batch* find(const std::string& id);
  // Every batch, oldest first.
  const std::vector<Batch*>& all() const { return order_; }
  // Removes every batch for which `pred` is true; calls `on_remove` first for each.
  void remove_if(const std::function<bool(const Batch&)>& pred,
                 const std::function<void(Batch&)>& on_remove = {});
  size_t size() const { return order_.size(); }
  void clear();

 private:
  std::unordered_map<std::string, std::unique_ptr<Batch>> by_id_;
  std::vector<Batch*> order_;
};

}  // namespace bolna
