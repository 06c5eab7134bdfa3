// Webhook request headers: the extra headers a test sets per agent
// (PUT /__emulator/agents/{id}/webhook-headers) and the headers of one delivery (those
// plus the emulator's User-Agent). AgentWebhookHeaders is not thread-safe: the webhook
// dispatcher keeps one per tenant, guarded by the tenant's mutex; a reference returned by
// get() stays valid until the next set() or clear().
#pragma once

#include <string>
#include <unordered_map>

#include "webhooks/webhook_transport.h"

namespace bolna {

class AgentWebhookHeaders {
 public:
  // Replaces the agent's extra headers; an empty list removes them.
  void set(const std::string& agent_id, WebhookHeaders headers);
  // The agent's extra headers (empty when none).
  const WebhookHeaders& get(const std::string& agent_id) const;
  void clear() { by_agent_.clear(); }

 private:
  std::unordered_map<std::string, WebhookHeaders> by_agent_;
};

// The headers of one delivery: `extra`, then "User-Agent: bolna-emulator/<version>" unless
// `extra` names a User-Agent itself (names compare case-insensitively).
WebhookHeaders delivery_headers(const WebhookHeaders& extra);

}  // namespace bolna
