// Voices: the older GET /me/voices and the newer voice-config catalogue under
// /api/v1/voice-config/tts (language required in the live profile; page/page_size).
#include <cctype>

#include "handler/route_helpers.h"
#include "api/routes.h"
#include "catalogue/voice_catalogue.h"
#include "http/request_context.h"

namespace bolna {

namespace {

std::optional<std::string> language_of(RequestContext& ctx) {
  auto language = ctx.query("language");
  if (language && language->empty()) language.reset();
  if (!language && ctx.profile() == Profile::kLive) throw bad_request("language is required");
  return language;
}

int read_page_value(RequestContext& ctx, const char* name, int def, int max) {
  auto v = ctx.query(name);
  if (!v) return def;
  bool digits = !v->empty() && v->size() <= 6;
  for (char c : *v)
    if (!std::isdigit(static_cast<unsigned char>(c))) digits = false;
  if (!digits || std::stoi(*v) < 1 || std::stoi(*v) > max)
    throw bad_request(std::string(name) + " must be an integer from 1 to " + std::to_string(max));
  return std::stoi(*v);
}

void tts_config(RequestContext& ctx) { ctx.reply(200, catalogue_tts_config(language_of(ctx))); }

void tts_voices(RequestContext& ctx) {
  VoiceQuery q;
  for (const char* f : {"provider_id", "model_id"}) {
    auto v = ctx.query(f);
    if (!v || v->empty()) throw bad_request(std::string(f) + " is required");
  }
  q.provider_id = *ctx.query("provider_id");
  q.model_id = *ctx.query("model_id");
  q.language = language_of(ctx);
  q.page = read_page_value(ctx, "page", 1, 100000);
  q.page_size = read_page_value(ctx, "page_size", 100, 100);
  std::string missing;
  auto out = catalogue_voices(q, &missing);
  if (!out) throw not_found(missing);
  ctx.reply(200, *out);
}

}  // namespace

void register_voice_routes(Router& router, Services&) {
  router.add("GET", "/me/voices", [](RequestContext& c) { c.reply(200, catalogue_me_voices()); });
  router.add("GET", "/api/v1/voice-config/tts", tts_config);
  router.add("GET", "/api/v1/voice-config/tts/voices", tts_voices);
}

}  // namespace bolna
