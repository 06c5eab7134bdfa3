// The raw log of one execution (GET /executions/{id}/log): request/response entries of
// the transcriber, LLM and synthesizer, consistent with the call's transcript and
// outcome. Pure function of the execution.
#pragma once

#include "calls/execution.h"
#include "common/json.h"

namespace bolna {

// {"status": "success", "data": [...]}; data is empty until the line has dropped and
// for calls nobody answered.
Json execution_log(const Execution& e, Profile profile);

}  // namespace bolna
