#include "webhooks/webhook_sink.h"

#include "common/json_text.h"
#include "common/utf8.h"

namespace bolna {

bool WebhookSink::receive(const std::string& name, const std::string& body) {
  // The same limits as every request body (nesting, members, numbers): what is not JSON
  // within them is kept as text, made valid UTF-8 so that reading the sink cannot fail.
  Json parsed;
  if (!parse_json_text(body, &parsed).ok()) parsed = sanitize_utf8(body);
  std::lock_guard l(mu_);
  auto it = boxes_.find(name);
  if (it == boxes_.end()) {
    if (boxes_.size() >= kSinkNameLimit) return false;
    it = boxes_.emplace(name, Box{}).first;
  }
  Box& box = it->second;
  box.bodies.push_back(std::move(parsed));
  box.received += 1;
  while (box.bodies.size() > kSinkBodyLimit) box.bodies.pop_front();
  return true;
}

Json WebhookSink::get(const std::string& name) const {
  std::lock_guard l(mu_);
  Json bodies = Json::array();
  size_t received = 0;
  if (auto it = boxes_.find(name); it != boxes_.end()) {
    for (const Json& b : it->second.bodies) bodies.push_back(b);
    received = it->second.received;
  }
  size_t kept = bodies.size();
  return Json{{"name", name},
              {"received", received},
              {"dropped", received - kept},
              {"bodies", std::move(bodies)}};
}

void WebhookSink::clear(const std::string& name) {
  std::lock_guard l(mu_);
  boxes_.erase(name);
}

void WebhookSink::clear_all() {
  std::lock_guard l(mu_);
  boxes_.clear();
}

}  // namespace bolna
