// ExecutionStore: a tenant's executions by id, listed in creation order. Pointers stay
// valid until the execution is removed. Not thread-safe: guarded by the owning tenant's
// mutex.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "calls/execution.h"

namespace bolna {

class ExecutionStore {
 public:
  // Stores `e` (its id must be new) and returns the stored execution.
  Execution& add(Execution e);
  Execution* find(const std::string& id);
  // Every execution, oldest first.
  const std::vector<Execution*>& all() const { return order_; }
  // Removes every execution for which `pred` is true; calls `on_remove` first for each.
  void remove_if(const std::function<bool(const Execution&)>& pred,
                 const std::function<void(Execution&)>& on_remove = {});
  size_t size() const { return order_.size(); }
  void clear();

 private:
  std::unordered_map<std::string, std::unique_ptr<Execution>> by_id_;
  std::vector<Execution*> order_;
};

}  // namespace bolna
