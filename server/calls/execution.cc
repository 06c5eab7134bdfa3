#include "calls/execution.h"

#include <cmath>

#include "common/execution_status.h"
#include "common/json_text.h"

namespace bolna {

namespace {

double round2(double v) { return std::round(v * 100.0) / 100.0; }

// Share of each cost component in the per-minute rate (sums to 1).
constexpr double kLlmShare = 0.0113, kNetworkShare = 0.3523, kPlatformShare = 0.1740,
                 kSynthesizerShare = 0.3319, kTranscriberShare = 0.1305;

std::string fill_variables(std::string text, const Json& vars) {
  if (!vars.is_object()) return text;
  for (const auto& [key, value] : vars.items()) {
    std::string needle = "{" + key + "}";
    std::string replacement = value.is_string() ? value.get<std::string>() : dump_json(value);
    for (size_t pos = text.find(needle); pos != std::string::npos;
         pos = text.find(needle, pos + replacement.size()))
      text.replace(pos, needle.size(), replacement);
  }
  return text;
}

std::string region_for(const std::string& number) {
  return number.rfind("+91", 0) == 0 ? "in" : "us";
}

}  // namespace

bool Execution::answered_now() const {
  if (!script) return false;
  for (size_t i = 0; i < steps_applied && i < script->steps.size(); ++i)
    if (script->steps[i].status == "in-progress") return true;
  return false;
}

bool Execution::script_finished() const {
  return script && steps_applied == script->steps.size() && status == script->final_status();
}

std::string render_transcript(const OutcomeScript& script, const Json& recipient_data) {
  std::string out;
  for (const auto& turn : script.transcript) {
    if (!out.empty()) out += "\n";
    out += turn.role + ": " + fill_variables(turn.text, recipient_data);
  }
  return out;
}

Costs compute_costs(const OutcomeScript& script) {
  Costs c;
  double minutes = script.conversation_duration / 60.0;
  double rate = script.cost_per_minute * minutes;
  c.llm = round2(rate * kLlmShare);
  c.network = round2(rate * kNetworkShare);
  c.platform = round2(rate * kPlatformShare);
  c.synthesizer = round2(rate * kSynthesizerShare);
  c.transcriber = round2(rate * kTranscriberShare);
  c.total = round2(c.llm + c.network + c.platform + c.synthesizer + c.transcriber);
  return c;
}

std::shared_ptr<const std::string> final_execution_json(const Execution& e, Profile profile,
                                                        const std::string& public_url) {
  if (e.pending_task != 0 || !is_terminal_status(e.status)) return nullptr;
  auto cached = e.text_cache.get(profile);
  if (!cached || cached->public_url != public_url) {
    cached = std::make_shared<const ExecutionTextCache::Entry>(ExecutionTextCache::Entry{
        public_url, execution_to_json(e, profile, public_url)
                        .dump(-1, ' ', false, Json::error_handler_t::replace)});
    e.text_cache.set(profile, cached);
  }
  // Aliasing constructor: shares the entry's ownership, points at its text.
  return std::shared_ptr<const std::string>(cached, &cached->text);
}

Json execution_to_json(const Execution& e, Profile profile, const std::string& public_url) {
  const bool live = profile == Profile::kLive;
  const bool done = e.status == "completed";
  const bool disconnected = e.status == "call-disconnected";
  const bool answered = e.answered_now();
  const bool finished = e.script_finished();
  const bool show_metrics = answered && (done || (live && disconnected));
  const OutcomeScript* s = e.script.get();
  auto ts = [&](TimePoint t) { return format_timestamp(t, profile); };

  Costs costs;
  if (show_metrics && s) costs = compute_costs(*s);
  double duration = show_metrics && s ? s->conversation_duration : 0.0;
  std::string transcript =
      s && answered && (done || disconnected) ? render_transcript(*s, e.recipient_data) : "";

  Json out = Json::object();
  out["id"] = e.id;
  out["agent_id"] = e.agent_id;
  out["batch_id"] = e.batch_id.empty() ? Json() : Json(e.batch_id);
  out["status"] = e.status;
  out["smart_status"] = e.status;
  Json error = e.error_message;
  if (error.is_null() && finished && s) error = s->error_message;
  out["error_message"] = error;
  out["answered_by_voice_mail"] = finished && s ? s->answered_by_voice_mail : Json();
  out["conversation_duration"] = duration;
  out["total_cost"] = costs.total;
  out["cost_breakdown"] = {{"llm", costs.llm},
                           {"network", costs.network},
                           {"platform", costs.platform},
                           {"synthesizer", costs.synthesizer},
                           {"transcriber", costs.transcriber}};

  // usage_breakdown: zero until the metrics are shown.
  int64_t characters = 0;
  if (show_metrics && s)
    for (const auto& turn : s->transcript)
      if (turn.role == "assistant")
        characters += static_cast<int64_t>(fill_variables(turn.text, e.recipient_data).size());
  int64_t tokens = show_metrics ? static_cast<int64_t>(std::lround(duration * 52.0)) : 0;
  int64_t input_tokens = tokens * 85 / 100;
  Json usage = Json::object();
  usage["synthesizer_characters"] = characters;
  usage["synthesizer_model"] = e.models.synthesizer_model;
  usage["synthesizer_provider"] = e.models.synthesizer_provider;
  usage["transcriber_duration"] = duration;
  usage["transcriber_model"] = e.models.transcriber_model;
  usage["transcriber_provider"] = e.models.transcriber_provider;
  usage[live ? "llmTokens" : "llm_tokens"] = tokens;
  usage[live ? "llmModel" : "llm_model"] = {
      {e.models.llm_model, {{"input", input_tokens}, {"output", tokens - input_tokens}}}};
  out["usage_breakdown"] = usage;

  out["transcript"] = transcript.empty() ? Json() : Json(transcript);
  out["summary"] = done && s ? s->summary : Json();
  out["extracted_data"] = done && s ? s->extracted_data : Json();
  out["context_details"] = {{"recipient_data", e.recipient_data},
                            {"recipient_phone_number", e.user_number}};
  out["user_number"] = e.user_number;
  out["agent_number"] = e.agent_number;
  out["provider"] = e.provider;

  const bool outbound = e.call_type == "outbound";
  Json telephony = Json::object();
  if (live) {
    telephony["duration"] = done && s ? std::to_string(std::lround(s->conversation_duration)) : "0.0";
  } else {
    telephony["duration"] = done && s ? std::lround(s->conversation_duration) : 0;
  }
  telephony["to_number"] = outbound ? e.user_number : e.agent_number;
  telephony["from_number"] = outbound ? e.agent_number : e.user_number;
  if (answered && done)
    telephony["recording_url"] = public_url + "/recordings/call/" + e.id;
  else if (answered && disconnected)
    telephony["recording_url"] = "";
  else
    telephony["recording_url"] = nullptr;
  telephony["hosted_telephony"] = true;
  telephony["provider_call_id"] = e.provider_call_id.empty() ? Json() : Json(e.provider_call_id);
  telephony["call_type"] = e.call_type;
  telephony["provider"] = e.provider;
  bool show_hangup = finished && s && s->hangup;
  telephony["hangup_by"] = show_hangup ? Json(s->hangup->by) : Json();
  telephony["hangup_reason"] = show_hangup ? Json(s->hangup->reason) : Json();
  telephony["hangup_provider_code"] = show_hangup ? Json(s->hangup->provider_code) : Json();
  bool dialled = false;
  for (size_t i = 0; s && i < e.steps_applied && i < s->steps.size(); ++i)
    if (s->steps[i].status == "initiated") dialled = true;
  bool rang = dialled && (answered || finished);
  telephony["ring_duration"] = rang ? Json(s->ring_duration) : Json();
  telephony["post_dial_delay"] = rang ? Json(s->post_dial_delay) : Json();
  telephony["to_number_carrier"] = nullptr;
  out["telephony_data"] = telephony;
  out["transfer_call_data"] = nullptr;
  if (e.batch_id.empty()) {
    out["batch_run_details"] = nullptr;
  } else {
    out["batch_run_details"] = {{"status", e.status},
                                {"created_at", ts(e.created_at)},
                                {"updated_at", ts(e.batch_row_updated_at.value_or(e.updated_at))},
                                {"retried", e.retry_count}};
  }
  out["latency_data"] = answered ? Json{{"time_to_first_audio", 812}, {"region", region_for(e.user_number)}}
                                 : Json();
  out["retry_count"] = e.retry_count;
  out["retry_config"] = e.retry ? e.retry->to_json() : Json();
  Json history = Json::array();
  for (const auto& r : e.retry_history)
    history.push_back({{"attempt", r.attempt}, {"status", r.status}, {"at", ts(r.at)}});
  out["retry_history"] = history;
  out["scheduled_at"] = ts(e.scheduled_at);
  out["rescheduled_at"] = e.rescheduled_at ? Json(ts(*e.rescheduled_at)) : Json();
  out["created_at"] = ts(e.created_at);
  out["updated_at"] = ts(e.updated_at);
  return out;
}

}  // namespace bolna
