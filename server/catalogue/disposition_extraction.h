// The emulator's stand-in for the LLM that answers dispositions from a transcript
// (POST /v2/agent/{agent_id}/dispositions/test). Deterministic rules, documented in the
// README: an objective answer is the first option whose value occurs in the transcript
// (case-insensitive, "_" read as a space), else the last option; a subjective answer
// depends on subjective_type (text: the last customer line; numeric: the first number;
// email: the first e-mail address; boolean: "true" when the transcript contains "yes";
// timestamp: call_date; regex: the first match). Pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "catalogue/disposition.h"
#include "common/json.h"

namespace bolna {

// {"<category>": {"<name>": {"subjective": "...", "objective": "..."}}} for `dispositions`.
Json extract_dispositions(const std::vector<const Disposition*>& dispositions,
                          const std::string& transcript, const std::string& call_date);

}  // namespace bolna
