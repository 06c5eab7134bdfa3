// Webhook bodies: what a delivery carries, byte for byte what the API answers for the same
// object at that moment (GET /executions/{id}, GET /batches/{id}), serialized the way the
// HTTP layer serializes replies. Pure functions of their arguments; the caller holds the
// tenant's mutex while the execution or batch is read.
#pragma once

#include <string>

#include "common/json.h"
#include "common/time.h"

namespace bolna {

struct Execution;
struct Batch;

// `j` as the HTTP layer writes a reply body (compact; invalid UTF-8 replaced).
std::string webhook_body_text(const Json& j);

std::string execution_webhook_body(const Execution& e, Profile profile,
                                   const std::string& public_url);
std::string batch_webhook_body(const Batch& b, TimePoint now, Profile profile);

}  // namespace bolna
