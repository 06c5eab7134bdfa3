// AgentStore: a tenant's agents by id, in creation order: an OrderedStore<Agent>
// (common/ordered_store.h says how long pointers stay valid) that can also build a new
// agent. Knows nothing about HTTP; validation lives in agent_validation.h. Guarded by the
// owning tenant's mutex.
#pragma once

#include <string>

#include "agents/agent.h"
#include "common/ordered_store.h"

namespace bolna {

class AgentStore : public OrderedStore<Agent> {
 public:
  // Stores a new agent (its id must be new) and returns it.
  Agent& create(std::string id, Json config, Json prompts, TimePoint now) {
    Agent a;
    a.id = std::move(id);
    a.config = std::move(config);
    a.prompts = std::move(prompts);
    a.created_at = a.updated_at = now;
    return add(std::move(a));
  }
};

}  // namespace bolna
