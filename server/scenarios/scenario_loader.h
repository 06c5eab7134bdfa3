// Scenario loading: parses and validates a scenario from JSON (a request body or a file
// under scenarios/), and turns one back into JSON for GET /__emulator/scenario. Every
// problem is reported with the JSON path it is at (and the file name for files).
// Pure functions apart from reading the file; safe from any thread.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "scenarios/scenario.h"
#include "common/json.h"

namespace bolna {

// A scenario file problem: "<file>: <json path>: <problem>".
class ScenarioFileError : public std::runtime_error {
 public:
  ScenarioFileError(const std::string& file, const std::string& path, const std::string& problem)
      : std::runtime_error(file + ": " + path + ": " + problem),
        file_(file),
        path_(path),
        problem_(problem) {}
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  std::string path_;
  std::string problem_;
};

// Parses a scenario object. `fallback_name` is its name when it has no "name";
// `source` is recorded in Scenario::source. Throws ScenarioError.
std::shared_ptr<const Scenario> parse_scenario(const Json& json, const std::string& fallback_name,
                                               const std::string& source);

// Reads and parses a scenario file (its name defaults to the file's stem), with the JSON
// limits of request bodies (common/json_text.h: at most 64 levels deep, 1000 members per
// object). Throws ScenarioFileError (unreadable file, invalid JSON or over a limit,
// invalid scenario).
std::shared_ptr<const Scenario> load_scenario_file(const std::string& file);

// The scenario as JSON, in the format parse_scenario reads (so it can be PUT back),
// plus the read-only "source" and "builtin_outcomes" (names of the built-ins it did not
// override), which parse_scenario ignores (as it ignores "scope", which the control API
// adds).
Json scenario_to_json(const Scenario& scenario);

// The file a scenario name refers to inside `dir`: "sales-campaign" or
// "sales-campaign.json" -> "<dir>/sales-campaign.json". Returns "" and sets `error`
// for names that could leave the directory (containing '/', '\' or "..") or are empty.
std::string scenario_file_in(const std::string& dir, const std::string& name, std::string* error);

}  // namespace bolna
