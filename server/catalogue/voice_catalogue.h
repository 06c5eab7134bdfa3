// The built-in voice catalogue: a small fixed set of TTS providers, models and voices
// behind GET /me/voices and GET /api/v1/voice-config/tts[/voices]. Immutable; safe from
// any thread. Ids are fixed UUIDs so tests and clients can hard-code them.
#pragma once

#include <optional>
#include <string>

#include "common/json.h"

namespace bolna {

// GET /me/voices: [{id, voice_id, provider, name, model, accent}].
Json catalogue_me_voices();

// GET /api/v1/voice-config/tts: {language, providers: [...], custom_voices: {}, default}.
// `language` ("en", "en-US", "hi", ...) marks providers without a voice in that language
// as not supported; nullopt lists every provider as supported.
Json catalogue_tts_config(const std::optional<std::string>& language);

struct VoiceQuery {
  std::string provider_id;
  std::string model_id;
  std::optional<std::string> language;
  int page = 1;
  int page_size = 100;
};

// GET /api/v1/voice-config/tts/voices: {items: [...]} for one page. Returns nullopt and
// sets *not_found ("Provider" or "Model") when the ids are unknown.
std::optional<Json> catalogue_voices(const VoiceQuery& query, std::string* not_found);

}  // namespace bolna
