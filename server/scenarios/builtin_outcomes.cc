#include "scenarios/builtin_outcomes.h"

namespace bolna {

namespace {

// Delays are virtual seconds before each status. Money in cents per minute.
constexpr const char* kBuiltinOutcomes = R"JSON({
  "completed": {
    "description": "Answered call: a short conversation, completed 20 s after the line drops",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "in-progress", "after": 6}, {"status": "call-disconnected", "after": 42.6},
              {"status": "completed", "after": 20}],
    "conversation_duration": 42.6, "ring_duration": 6, "post_dial_delay": 2,
    "transcript": [
      {"role": "assistant", "text": "Hello {name}, this is Maya calling from Acme. Is now a good time?"},
      {"role": "user", "text": "Hi, yes, go ahead."},
      {"role": "assistant", "text": "We have a new plan that could lower your bill. Would you like to hear more?"},
      {"role": "user", "text": "Sure, send me the details."},
      {"role": "assistant", "text": "Great, I will send them over. Thank you for your time!"}],
    "extracted_data": {"user_interested": true, "callback_user": false},
    "hangup": {"by": "Callee", "reason": "Call recipient hung up", "provider_code": 4000},
    "answered_by_voice_mail": false
  },
  "busy": {
    "description": "The line is busy",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "busy", "after": 4}],
    "ring_duration": 4, "post_dial_delay": 2,
    "hangup": {"by": "Carrier", "reason": "Call recipient was busy", "provider_code": 3010}
  },
  "no-answer": {
    "description": "Rings out without an answer",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "no-answer", "after": 38}],
    "ring_duration": 38, "post_dial_delay": 2,
    "hangup": {"by": "Carrier", "reason": "Call unanswered", "provider_code": 3020}
  },
  "failed": {
    "description": "The carrier rejects the number",
    "steps": [{"status": "initiated", "after": 1}, {"status": "failed", "after": 2}],
    "post_dial_delay": 2,
    "hangup": {"by": "Carrier", "reason": "Call recipient number invalid", "provider_code": 3040},
    "error_message": "Call recipient number invalid"
  },
  "error": {
    "description": "An internal error before the call connects",
    "steps": [{"status": "initiated", "after": 1}, {"status": "error", "after": 1}],
    "hangup": {"by": "Error", "reason": "Bolna Error", "provider_code": 5010},
    "error_message": "Bolna Error: the call could not be connected"
  },
  "canceled": {
    "description": "Canceled while ringing",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "canceled", "after": 5}],
    "ring_duration": 5, "post_dial_delay": 2,
    "hangup": {"by": "API Request", "reason": "Call canceled", "provider_code": 4020}
  },
  "voicemail": {
    "description": "A voicemail machine answers; completed with answered_by_voice_mail true",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "in-progress", "after": 9}, {"status": "call-disconnected", "after": 11.5},
              {"status": "completed", "after": 20}],
    "conversation_duration": 11.5, "ring_duration": 9, "post_dial_delay": 2,
    "transcript": [
      {"role": "user", "text": "Hi, you have reached {name}. Please leave a message after the tone."},
      {"role": "assistant", "text": "Hello, this is Maya from Acme. I will try again later. Goodbye!"}],
    "extracted_data": {"user_interested": null, "callback_user": true},
    "hangup": {"by": "Callee", "reason": "Call ended", "provider_code": 4000},
    "answered_by_voice_mail": true
  },
  "hangup-early": {
    "description": "The callee answers and hangs up within seconds",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "in-progress", "after": 4}, {"status": "call-disconnected", "after": 5.2},
              {"status": "completed", "after": 20}],
    "conversation_duration": 5.2, "ring_duration": 4, "post_dial_delay": 2,
    "transcript": [
      {"role": "assistant", "text": "Hello {name}, this is Maya calling from Acme."},
      {"role": "user", "text": "Not interested."}],
    "extracted_data": {"user_interested": false, "callback_user": false},
    "hangup": {"by": "Callee", "reason": "Call recipient hung up", "provider_code": 4000},
    "answered_by_voice_mail": false
  },
  "long-call": {
    "description": "A 25-minute conversation",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "in-progress", "after": 5}, {"status": "call-disconnected", "after": 1500},
              {"status": "completed", "after": 30}],
    "conversation_duration": 1500, "ring_duration": 5, "post_dial_delay": 2,
    "transcript": [
      {"role": "assistant", "text": "Hello {name}, this is Maya calling from Acme."},
      {"role": "user", "text": "Hi Maya, I have a lot of questions about my account."},
      {"role": "assistant", "text": "Of course, let us go through them one by one."},
      {"role": "user", "text": "Thank you, that was very helpful."}],
    "extracted_data": {"user_interested": true, "callback_user": true},
    "hangup": {"by": "Plivo", "reason": "inactivity_timeout", "provider_code": 4010},
    "answered_by_voice_mail": false
  },
  "slow-processing": {
    "description": "Answered call whose post-processing takes 13 minutes",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "in-progress", "after": 6}, {"status": "call-disconnected", "after": 42.6},
              {"status": "completed", "after": 780}],
    "conversation_duration": 42.6, "ring_duration": 6, "post_dial_delay": 2,
    "transcript": [
      {"role": "assistant", "text": "Hello {name}, this is Maya calling from Acme. Is now a good time?"},
      {"role": "user", "text": "Yes, what is it about?"},
      {"role": "assistant", "text": "Your renewal is due next week. Shall I renew it for you?"},
      {"role": "user", "text": "Yes please."}],
    "extracted_data": {"user_interested": true, "callback_user": false},
    "hangup": {"by": "Callee", "reason": "Call recipient hung up", "provider_code": 4000},
    "answered_by_voice_mail": false
  },
  "busy-then-completed": {
    "description": "Busy on the first attempt; an auto-retry is answered",
    "steps": [{"status": "initiated", "after": 1}, {"status": "ringing", "after": 2},
              {"status": "busy", "after": 4}],
    "ring_duration": 4, "post_dial_delay": 2,
    "hangup": {"by": "Carrier", "reason": "Call recipient was busy", "provider_code": 3010},
    "next_attempt": "completed"
  },
  "balance-low": {
    "description": "Refused for low balance before dialling (also happens for real when the wallet cannot cover a minute)",
    "steps": [{"status": "balance-low", "after": 0}],
    "error_message": "Insufficient wallet balance to place the call"
  }
})JSON";

}  // namespace

const Json& builtin_outcomes_json() {
  static const Json kJson = Json::parse(kBuiltinOutcomes);
  return kJson;
}

const OutcomeLibrary& builtin_outcomes() {
  static const OutcomeLibrary kLibrary = [] {
    OutcomeLibrary lib;
    for (const auto& [name, json] : builtin_outcomes_json().items())
      lib[name] = std::make_shared<const OutcomeScript>(
          parse_outcome_script(name, json, "$.outcomes." + name));
    return lib;
  }();
  return kLibrary;
}

}  // namespace bolna
