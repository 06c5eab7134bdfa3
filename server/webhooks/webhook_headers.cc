#include "webhooks/webhook_headers.h"

#include <algorithm>
#include <cctype>

namespace bolna {

namespace {

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

void AgentWebhookHeaders::set(const std::string& agent_id, WebhookHeaders headers) {
  if (headers.empty())
    by_agent_.erase(agent_id);
  else
    by_agent_[agent_id] = std::move(headers);
}

const WebhookHeaders& AgentWebhookHeaders::get(const std::string& agent_id) const {
  static const WebhookHeaders kNone;
  auto it = by_agent_.find(agent_id);
  return it == by_agent_.end() ? kNone : it->second;
}

WebhookHeaders delivery_headers(const WebhookHeaders& extra) {
  WebhookHeaders out = extra;
  bool has_agent = std::any_of(extra.begin(), extra.end(),
                               [](const auto& h) { return same_name(h.first, "User-Agent"); });
  if (!has_agent)
    out.emplace_back("User-Agent", std::string("bolna-emulator/") + BOLNA_EMULATOR_VERSION);
  return out;
}

}  // namespace bolna
