// OutcomeScript: how one call plays out once it leaves the queue: the statuses it goes
// through with the virtual delay before each, and the data it ends with. Parsed from
// the scenario JSON format (README "Scenario format"), which also expresses the
// built-in outcomes. Immutable once parsed; share through shared_ptr<const>.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/json.h"

namespace bolna {

struct OutcomeStep {
  std::string status;
  double after_seconds = 0;  // virtual delay since the previous step (or since dialling)
};

struct TranscriptTurn {
  std::string role;  // "assistant" or "user"
  std::string text;  // may use {variable} from user_data / CSV columns
};

struct Hangup {
  std::string by;      // "Callee", "Carrier", "Error", ...
  std::string reason;  // "Call recipient hung up", ...
  int provider_code = 0;
};

struct OutcomeScript {
  std::string name;
  std::string description;
  std::vector<OutcomeStep> steps;  // ends with a terminal status
  double conversation_duration = 0;
  int ring_duration = 0;
  int post_dial_delay = 0;
  std::vector<TranscriptTurn> transcript;
  Json extracted_data;  // null, a flat object or the category shape
  Json summary;         // null or a string
  std::optional<Hangup> hangup;
  Json answered_by_voice_mail;  // null, true or false
  Json error_message;           // null or a string
  double cost_per_minute = 32.38;  // cents per minute of conversation
  std::string next_attempt;        // outcome for an auto-retry ("" = pick again)

  // True when the script reaches in-progress (somebody or something answered).
  bool answered() const;
  // The terminal status the script ends in.
  const std::string& final_status() const { return steps.back().status; }
  // Virtual seconds from dialling to the terminal status.
  double total_seconds() const;
};

// A scenario/outcome file problem: names the JSON path and what is wrong.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(const std::string& path, const std::string& problem)
      : std::runtime_error(path + ": " + problem), path_(path), problem_(problem) {}
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string path_;
  std::string problem_;
};

// Parses one outcome script; `path` (e.g. "$.outcomes.busy") prefixes error paths.
// Throws ScenarioError.
OutcomeScript parse_outcome_script(const std::string& name, const Json& json,
                                   const std::string& path);
// The JSON form (the same format parse_outcome_script reads).
Json outcome_script_to_json(const OutcomeScript& script);

}  // namespace bolna
