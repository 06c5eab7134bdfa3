// OrderedStore<T>: a tenant's resources of one kind by id, listed in creation order.
// T must have a `std::string id` member. Pointers stay valid until the item is removed
// or the store cleared. Not thread-safe: guarded by the owning tenant's mutex.
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
    index_[raw->id] = raw;
    items_.push_back(std::move(owned));
    return *raw;
  }
  // nullptr when there is no such id.
  T* find(const std::string& id) {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : it->second;
  }
  const T* find(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : it->second;
  }
  // Returns false when there was no such id.
  bool remove(const std::string& id) {
    if (index_.erase(id) == 0) return false;
    for (auto it = items_.begin(); it != items_.end(); ++it) {
      if ((*it)->id == id) {
        items_.erase(it);
        break;
      }
    }
    return true;
  }
  // Removes every item for which `pred` holds; returns how many.
  template <typename Pred>
  size_t remove_if(Pred pred) {
    size_t n = 0;
    for (auto it = items_.begin(); it != items_.end();) {
      if (pred(**it)) {
        index_.erase((*it)->id);
        it = items_.erase(it);
        ++n;
      } else {
        ++it;
      }
    }
    return n;
  }
  // Every item, oldest first.
  std::vector<T*> all() {
    std::vector<T*> out;
    out.reserve(items_.size());
    for (auto& p : items_) out.push_back(p.get());
    return out;
  }
  std::vector<const T*> all() const {
    std::vector<const T*> out;
    out.reserve(items_.size());
    for (const auto& p : items_) out.push_back(p.get());
    return out;
  }
  size_t size() const { return items_.size(); }
  void clear() {
    items_.clear();
    index_.clear();
  }

 private:
  std::vector<std::unique_ptr<T>> items_;
  std::unordered_map<std::string, T*> index_;
};

}  // namespace bolna
