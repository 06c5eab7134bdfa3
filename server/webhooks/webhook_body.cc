#include "webhooks/webhook_body.h"

#include "batches/batch.h"
#include "calls/execution.h"

namespace bolna {

std::string webhook_body_text(const Json& j) {
  // Same as RequestContext::reply, so a body equals the GET answer byte for byte.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string execution_webhook_body(const Execution& e, Profile profile,
                                   const std::string& public_url) {
  return webhook_body_text(execution_to_json(e, profile, public_url));
}

std::string batch_webhook_body(const Batch& b, TimePoint now, Profile profile) {
  return webhook_body_text(batch_to_json(b, now, profile));
}

}  // namespace bolna
