// Validation of agent bodies (POST/PUT /v2/agent, POST/PUT /agent, PATCH) with the
// documented messages. Pure functions of the JSON; they return the first problem found
// as a client-facing message, or "" when the body is valid.
#pragma once

#include <string>

#include "common/json.h"
#include "common/status.h"

namespace bolna {

enum class AgentApi { kV1, kV2 };

// Checks a full create/replace body: {"agent_config": {...}, "agent_prompts": {...}}.
Status validate_agent_body(const Json& body, AgentApi api);

// Checks the agent_config fields a PATCH may carry (only the whitelisted ones are read).
Status validate_agent_patch(const Json& body);

// The PATCH whitelist applied to a stored config: agent_name, agent_welcome_message,
// webhook_url (null removes), synthesizer, ingest_source_config, telephony_provider
// (rewrites every task's input/output), calling_guardrails. Everything else is ignored.
void apply_agent_patch(Json& config, const Json& patch_config);

}  // namespace bolna
