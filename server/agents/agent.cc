#include "agents/agent.h"

namespace bolna {

std::string Agent::webhook_url() const {
  auto it = config.find("webhook_url");
  if (it == config.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

Json agent_to_json(const Agent& agent, Profile profile) {
  Json out = Json::object();
  out["id"] = agent.id;
  out["agent_name"] = agent.config.value("agent_name", "");
  out["agent_type"] = agent.config.value("agent_type", "other");
  out["agent_status"] = "processed";
  out["created_at"] = format_timestamp(agent.created_at, profile);
  out["updated_at"] = format_timestamp(agent.updated_at, profile);
  out["tasks"] = agent.config.value("tasks", Json::array());
  out["ingest_source_config"] = agent.config.value("ingest_source_config", Json());
  for (const auto& [key, value] : agent.config.items()) {
    if (!out.contains(key)) out[key] = value;
  }
  out["agent_prompts"] = agent.prompts;
  return out;
}

}  // namespace bolna
