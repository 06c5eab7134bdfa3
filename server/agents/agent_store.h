// AgentStore: a tenant's agents by id, listed in creation order. Knows nothing about
// HTTP; validation lives in agent_validation.h. Not thread-safe: guarded by the owning
// tenant's mutex.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "agents/agent.h"

namespace bolna {

class AgentStore {
 public:
  // Stores a new agent and returns it.
  Agent& create(std::string id, Json config, Json prompts, TimePoint now);
  // nullptr when there is no such agent.
  Agent* find(const std::string& id);
  const Agent* find(const std::string& id) const;
  // Returns false when there was no such agent.
  bool remove(const std::string& id);
  // Every agent, oldest first.
  std::vector<const Agent*> all() const;
  size_t size() const { return agents_.size(); }
  void clear();

 private:
  std::unordered_map<std::string, Agent> agents_;
  std::vector<std::string> order_;
};

}  // namespace bolna
