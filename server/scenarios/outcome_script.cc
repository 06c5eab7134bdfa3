#include "scenarios/outcome_script.h"

#include <algorithm>

#include "common/execution_status.h"

namespace bolna {

bool OutcomeScript::answered() const {
  for (const auto& s : steps)
    if (s.status == "in-progress") return true;
  return false;
}

double OutcomeScript::total_seconds() const {
  double total = 0;
  for (const auto& s : steps) total += s.after_seconds;
  return total;
}

namespace {

const std::vector<std::string> kKnownKeys = {
    "description",   "steps",          "conversation_duration", "ring_duration",
    "post_dial_delay", "transcript",   "extracted_data",        "summary",
    "hangup",        "answered_by_voice_mail", "error_message", "cost_per_minute",
    "next_attempt"};

double number_at(const Json& j, const char* key, const std::string& path, double fallback,
                 double min) {
  if (!j.contains(key)) return fallback;
  const Json& v = j[key];
  if (!v.is_number()) throw ScenarioError(path + "." + key, "must be a number");
  double d = v.get<double>();
  if (d < min) throw ScenarioError(path + "." + key, "must be >= " + std::to_string(static_cast<int>(min)));
  return d;
}

}  // namespace

OutcomeScript parse_outcome_script(const std::string& name, const Json& json,
                                   const std::string& path) {
  if (!json.is_object()) throw ScenarioError(path, "an outcome must be an object");
  for (const auto& [key, value] : json.items()) {
    (void)value;
    if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key) == kKnownKeys.end())
      throw ScenarioError(path + "." + key, "unknown field");
  }
  OutcomeScript s;
  s.name = name;
  if (json.contains("description")) {
    if (!json["description"].is_string())
      throw ScenarioError(path + ".description", "must be a string");
    s.description = json["description"].get<std::string>();
  }
  if (!json.contains("steps")) throw ScenarioError(path + ".steps", "is required");
  const Json& steps = json["steps"];
  if (!steps.is_array() || steps.empty())
    throw ScenarioError(path + ".steps", "must be a non-empty array");
  for (size_t i = 0; i < steps.size(); ++i) {
    std::string at = path + ".steps[" + std::to_string(i) + "]";
    const Json& step = steps[i];
    if (!step.is_object()) throw ScenarioError(at, "must be an object {\"status\", \"after\"}");
    if (!step.contains("status") || !step["status"].is_string())
      throw ScenarioError(at + ".status", "is required and must be a string");
    OutcomeStep st;
    st.status = step["status"].get<std::string>();
    if (!is_known_status(st.status))
      throw ScenarioError(at + ".status", "unknown status '" + st.status + "'");
    if (!is_script_status(st.status))
      throw ScenarioError(at + ".status", "'" + st.status +
                                              "' is managed by the emulator and cannot be "
                                              "scripted");
    st.after_seconds = number_at(step, "after", at, 0, 0);
    if (!s.steps.empty() && is_terminal_status(s.steps.back().status))
      throw ScenarioError(at, "no step may follow the terminal status '" +
                                  s.steps.back().status + "'");
    s.steps.push_back(st);
  }
  if (!is_terminal_status(s.steps.back().status))
    throw ScenarioError(path + ".steps", "the last step must be a terminal status (completed, "
                                         "no-answer, busy, failed, canceled, stopped, error, "
                                         "balance-low)");
  s.conversation_duration = number_at(json, "conversation_duration", path, 0, 0);
  s.ring_duration = static_cast<int>(number_at(json, "ring_duration", path, 0, 0));
  s.post_dial_delay = static_cast<int>(number_at(json, "post_dial_delay", path, 0, 0));
  s.cost_per_minute = number_at(json, "cost_per_minute", path, 32.38, 0);
  if (json.contains("transcript")) {
    const Json& t = json["transcript"];
    if (!t.is_array()) throw ScenarioError(path + ".transcript", "must be an array of turns");
    for (size_t i = 0; i < t.size(); ++i) {
      std::string at = path + ".transcript[" + std::to_string(i) + "]";
      if (!t[i].is_object() || !t[i].contains("role") || !t[i]["role"].is_string() ||
          !t[i].contains("text") || !t[i]["text"].is_string())
        throw ScenarioError(at, "a turn is {\"role\": \"assistant\"|\"user\", \"text\": \"...\"}");
      std::string role = t[i]["role"].get<std::string>();
      if (role != "assistant" && role != "user")
        throw ScenarioError(at + ".role", "must be assistant or user");
      s.transcript.push_back({role, t[i]["text"].get<std::string>()});
    }
  }
  s.extracted_data = json.value("extracted_data", Json());
  if (!s.extracted_data.is_null() && !s.extracted_data.is_object())
    throw ScenarioError(path + ".extracted_data", "must be an object or null");
  s.summary = json.value("summary", Json());
  if (!s.summary.is_null() && !s.summary.is_string())
    throw ScenarioError(path + ".summary", "must be a string or null");
  if (json.contains("hangup") && !json["hangup"].is_null()) {
    const Json& h = json["hangup"];
    if (!h.is_object() || !h.contains("by") || !h["by"].is_string() || !h.contains("reason") ||
        !h["reason"].is_string())
      throw ScenarioError(path + ".hangup",
                          "must be {\"by\": \"...\", \"reason\": \"...\", \"provider_code\": N}");
    Hangup hangup;
    hangup.by = h["by"].get<std::string>();
    hangup.reason = h["reason"].get<std::string>();
    if (h.contains("provider_code")) {
      if (!h["provider_code"].is_number_integer())
        throw ScenarioError(path + ".hangup.provider_code", "must be an integer");
      hangup.provider_code = h["provider_code"].get<int>();
    }
    s.hangup = hangup;
  }
  s.answered_by_voice_mail = json.value("answered_by_voice_mail", Json());
  if (!s.answered_by_voice_mail.is_null() && !s.answered_by_voice_mail.is_boolean())
    throw ScenarioError(path + ".answered_by_voice_mail", "must be true, false or null");
  s.error_message = json.value("error_message", Json());
  if (!s.error_message.is_null() && !s.error_message.is_string())
    throw ScenarioError(path + ".error_message", "must be a string or null");
  if (json.contains("next_attempt")) {
    if (!json["next_attempt"].is_string())
      throw ScenarioError(path + ".next_attempt", "must be an outcome name");
    s.next_attempt = json["next_attempt"].get<std::string>();
  }
  return s;
}

Json outcome_script_to_json(const OutcomeScript& s) {
  Json out = Json::object();
  if (!s.description.empty()) out["description"] = s.description;
  Json steps = Json::array();
  for (const auto& st : s.steps) steps.push_back({{"status", st.status}, {"after", st.after_seconds}});
  out["steps"] = steps;
  out["conversation_duration"] = s.conversation_duration;
  out["ring_duration"] = s.ring_duration;
  out["post_dial_delay"] = s.post_dial_delay;
  Json turns = Json::array();
  for (const auto& t : s.transcript) turns.push_back({{"role", t.role}, {"text", t.text}});
  out["transcript"] = turns;
  out["extracted_data"] = s.extracted_data;
  out["summary"] = s.summary;
  if (s.hangup)
    out["hangup"] = {{"by", s.hangup->by},
                     {"reason", s.hangup->reason},
                     {"provider_code", s.hangup->provider_code}};
  else
    out["hangup"] = nullptr;
  out["answered_by_voice_mail"] = s.answered_by_voice_mail;
  out["error_message"] = s.error_message;
  out["cost_per_minute"] = s.cost_per_minute;
  if (!s.next_attempt.empty()) out["next_attempt"] = s.next_attempt;
  return out;
}

}  // namespace bolna
