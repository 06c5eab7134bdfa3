// Checks of the extra headers a client may add to an agent's webhook deliveries
// (PUT /__emulator/agents/{agent_id}/webhook-headers and the fixtures file's
// "webhook_headers"). Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>

#include "common/json.h"

namespace bolna {

// At most this many extra headers per agent.
inline constexpr size_t kMaxWebhookHeaders = 50;

// `headers` must be a JSON object of header names (HTTP tokens, not one the emulator
// sets itself: Content-Type, Content-Length, Host, Connection, Transfer-Encoding) to
// string values without line breaks, at most kMaxWebhookHeaders of them. Returns "" or
// the client-facing message naming the offending header.
std::string check_webhook_headers(const Json& headers);

}  // namespace bolna
