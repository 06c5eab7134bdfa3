// OrderedStore<T>: an account's resources of one kind by id, listed in creation order:
// agents, executions, batches and every catalogue resource use it. T must have a
// `std::string id` member. Pointers and references to items stay valid until the item is
// removed or the store cleared; the vector all() returns stays valid until the next add,
// remove or clear. Not thread-safe: guarded by the owning tenant's mutex.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace bolna {

template <typename T>
class OrderedStore {
 public:
  // Stores `item` (its id must be new) and returns the stored copy.
  T& add(T item) {
    auto owned = std::make_unique<T>(std::move(item));
    T* raw = owned.get();
    order_.push_back(raw);
    index_[raw->id] = std::move(owned);
    return *raw;
  }
  // nullptr when there is no such id.
  T* find(const std::string& id) {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : it->second.get();
  }
  const T* find(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : it->second.get();
  }
  // Returns false when there was no such id.
  bool remove(const std::string& id) {
    auto it = index_.find(id);
    if (it == index_.end()) return false;
    T* raw = it->second.get();
    for (auto o = order_.begin(); o != order_.end(); ++o) {
      if (*o == raw) {
        order_.erase(o);
        break;
      }
    }
    index_.erase(it);
    return true;
  }
  // Removes every item for which `pred(const T&)` holds, in one pass, calling
  // `on_remove(T&)` for each just before it goes; returns how many were removed.
  template <typename Pred, typename OnRemove>
  size_t remove_if(Pred pred, OnRemove on_remove) {
    std::vector<T*> kept;
    kept.reserve(order_.size());
    std::vector<T*> doomed;
    for (T* item : order_) {
      if (pred(static_cast<const T&>(*item))) {
        on_remove(*item);
        doomed.push_back(item);
      } else {
        kept.push_back(item);
      }
    }
    order_ = std::move(kept);
    for (T* item : doomed) index_.erase(item->id);
    return doomed.size();
  }
  template <typename Pred>
  size_t remove_if(Pred pred) {
    return remove_if(pred, [](T&) {});
  }
  // Every item, oldest first.
  const std::vector<T*>& all() const { return order_; }
  // The same as read-only pointers (a copy), for functions that take const items.
  std::vector<const T*> all_const() const { return {order_.begin(), order_.end()}; }
  size_t size() const { return order_.size(); }
  void clear() {
    order_.clear();
    index_.clear();
  }

 private:
  std::vector<T*> order_;
  std::unordered_map<std::string, std::unique_ptr<T>> index_;
};

}  // namespace bolna
