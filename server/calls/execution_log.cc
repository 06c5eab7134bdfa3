#include "calls/execution_log.h"

namespace bolna {

Json execution_log(const Execution& e, Profile profile) {
  Json data = Json::array();
  bool over = e.status == "call-disconnected" || e.status == "completed";
  if (e.script && e.answered_now() && over) {
    TimePoint start = e.created_at;
    for (const auto& change : e.timeline)
      if (change.to == "in-progress") start = change.at;
    const auto& turns = e.script->transcript;
    double step = turns.empty() ? 0 : e.script->conversation_duration / static_cast<double>(turns.size());
    std::string last_user = "";
    std::string text = render_transcript(*e.script, e.recipient_data);
    size_t line_start = 0;
    for (size_t i = 0; i < turns.size(); ++i) {
      size_t nl = text.find('\n', line_start);
      std::string line = text.substr(line_start, nl == std::string::npos ? std::string::npos : nl - line_start);
      line_start = nl == std::string::npos ? text.size() : nl + 1;
      std::string said = line.substr(line.find(": ") + 2);
      TimePoint at = start + Micros(static_cast<int64_t>(step * static_cast<double>(i) * 1e6));
      auto entry = [&](const char* type, const char* component, const std::string& provider,
                       const std::string& payload) {
        data.push_back({{"created_at", format_timestamp(at, profile)},
                        {"type", type},
                        {"component", component},
                        {"provider", provider},
                        {"data", payload}});
      };
      if (turns[i].role == "user") {
        entry("response", "transcriber", e.models.transcriber_provider, said);
        last_user = said;
      } else {
        entry("request", "llm", "openai", last_user.empty() ? "(conversation start)" : last_user);
        entry("response", "llm", "openai", said);
        entry("request", "synthesizer", e.models.synthesizer_provider, said);
      }
    }
  }
  return Json{{"status", "success"}, {"data", data}};
}

}  // namespace bolna
