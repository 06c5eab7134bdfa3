#include "agents/agent_store.h"

#include <algorithm>

namespace bolna {

Agent& AgentStore::create(std::string id, Json config, Json prompts, TimePoint now) {
  order_.push_back(id);
  Agent& a = agents_[id];
  a.id = std::move(id);
  a.config = std::move(config);
  a.prompts = std::move(prompts);
  a.created_at = a.updated_at = now;
  return a;
}

Agent* AgentStore::find(const std::string& id) {
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : &it->second;
}

const Agent* AgentStore::find(const std::string& id) const {
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : &it->second;
}

bool AgentStore::remove(const std::string& id) {
  if (agents_.erase(id) == 0) return false;
  order_.erase(std::remove(order_.begin(), order_.end(), id), order_.end());
  return true;
}

std::vector<const Agent*> AgentStore::all() const {
  std::vector<const Agent*> out;
  out.reserve(order_.size());
  for (const auto& id : order_) out.push_back(&agents_.at(id));
  return out;
}

void AgentStore::clear() {
  agents_.clear();
  order_.clear();
}

}  // namespace bolna
