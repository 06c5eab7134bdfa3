// Agent: one stored agent of a tenant, and its JSON form as GET /v2/agent/{id} returns
// it (every agent_config key at the top level, plus id, agent_status, timestamps and
// agent_prompts). Plain data; guarded by the owning tenant's mutex.
#pragma once

#include <string>

#include "common/json.h"
#include "common/time.h"

namespace bolna {

struct Agent {
  std::string id;
  Json config;   // agent_config as the client sent it (after PATCH rewrites)
  Json prompts;  // agent_prompts ({"task_1": {"system_prompt": ...}})
  TimePoint created_at;
  TimePoint updated_at;

  // The agent's webhook_url, or "" when it has none.
  std::string webhook_url() const;
};

Json agent_to_json(const Agent& agent, Profile profile);

}  // namespace bolna
