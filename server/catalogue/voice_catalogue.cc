#include "catalogue/voice_catalogue.h"

#include <vector>

namespace bolna {

namespace {

struct Model {
  const char* id;
  const char* model_id;
  const char* display_name;
  const char* description;
  const char* quality_tier;
  bool is_default;
};

struct Provider {
  const char* id;
  const char* name;
  std::vector<Model> models;
};

struct Voice {
  const char* id;
  const char* provider;  // provider name
  const char* voice_id;
  const char* name;
  const char* gender;
  const char* accent;
  const char* age_range;
  std::vector<const char*> languages;  // primary subtags
  std::vector<const char*> models;     // model_id values the voice works with
};

const std::vector<Provider>& providers() {
  static const std::vector<Provider> kProviders = {
      {"6f1c2a40-0e1b-4c3a-9a51-7d0a00000001",
       "elevenlabs",
       {{"6f1c2a40-0e1b-4c3a-9a51-7d0a00000101", "eleven_turbo_v2_5", "Eleven Turbo v2.5",
         "Low-latency multilingual model", "standard", true},
        {"6f1c2a40-0e1b-4c3a-9a51-7d0a00000102", "eleven_multilingual_v2", "Eleven Multilingual v2",
         "Most natural multilingual model", "premium", false}}},
      {"6f1c2a40-0e1b-4c3a-9a51-7d0a00000002",
       "cartesia",
       {{"6f1c2a40-0e1b-4c3a-9a51-7d0a00000201", "sonic-2", "Sonic 2", "Fast expressive voices",
         "standard", true}}},
      {"6f1c2a40-0e1b-4c3a-9a51-7d0a00000003",
       "polly",
       {{"6f1c2a40-0e1b-4c3a-9a51-7d0a00000301", "neural", "Neural", "Amazon Polly neural",
         "standard", true},
        {"6f1c2a40-0e1b-4c3a-9a51-7d0a00000302", "generative", "Generative",
         "Amazon Polly generative", "premium", false}}},
      {"6f1c2a40-0e1b-4c3a-9a51-7d0a00000004",
       "deepgram",
       {{"6f1c2a40-0e1b-4c3a-9a51-7d0a00000401", "aura-2", "Aura 2", "Deepgram Aura 2", "standard",
         true}}},
      {"6f1c2a40-0e1b-4c3a-9a51-7d0a00000005",
       "sarvam",
       {{"6f1c2a40-0e1b-4c3a-9a51-7d0a00000501", "bulbul:v2", "Bulbul v2", "Indian languages",
         "standard", true}}},
  };
  return kProviders;
}

const std::vector<Voice>& voices() {
  static const std::vector<Voice> kVoices = {
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000001",
       "elevenlabs",
       "21m00Tcm4TlvDq8ikWAM",
       "Rachel",
       "female",
       "American",
       "young",
       {"en"},
       {"eleven_turbo_v2_5", "eleven_multilingual_v2"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000002",
       "elevenlabs",
       "ErXwobaYiN019PkySvjV",
       "Antoni",
       "male",
       "American",
       "middle_aged",
       {"en"},
       {"eleven_turbo_v2_5", "eleven_multilingual_v2"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000003",
       "elevenlabs",
       "aBcDeFgHiJkLmN",
       "Nila",
       "female",
       "Indian",
       "young",
       {"en", "hi", "ta"},
       {"eleven_turbo_v2_5", "eleven_multilingual_v2"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000004",
       "cartesia",
       "a0e99841-438c-4a64-b679-ae501e7d6091",
       "Barbershop Man",
       "male",
       "American",
       "middle_aged",
       {"en"},
       {"sonic-2"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000005",
       "cartesia",
       "3b554273-4299-48b9-9aaf-eefd438e3941",
       "Indian Lady",
       "female",
       "Indian",
       "young",
       {"en", "hi"},
       {"sonic-2"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000006",
       "polly",
       "Matthew",
       "Matthew",
       "male",
       "American",
       "middle_aged",
       {"en"},
       {"neural", "generative"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000007",
       "polly",
       "Kajal",
       "Kajal",
       "female",
       "Indian",
       "young",
       {"en", "hi"},
       {"neural", "generative"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000008",
       "deepgram",
       "aura-2-thalia-en",
       "Thalia",
       "female",
       "American",
       "young",
       {"en"},
       {"aura-2"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000009",
       "sarvam",
       "anushka",
       "Anushka",
       "female",
       "Indian",
       "young",
       {"hi", "en", "ta", "te", "kn", "bn"},
       {"bulbul:v2"}},
      {"9a7e5b10-3c2d-4e8f-8a61-5b2c00000010",
       "sarvam",
       "abhilash",
       "Abhilash",
       "male",
       "Indian",
       "middle_aged",
       {"hi", "en", "ta", "te", "kn", "bn"},
       {"bulbul:v2"}},
  };
  return kVoices;
}

// "en-US" -> "en".
std::string primary(const std::string& language) {
  std::string p = language.substr(0, language.find_first_of("-_"));
  for (char& c : p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return p;
}

bool speaks(const Voice& v, const std::optional<std::string>& language) {
  if (!language || language->empty()) return true;
  std::string want = primary(*language);
  for (const char* l : v.languages)
    if (want == l) return true;
  return false;
}

bool provider_has_language(const Provider& p, const std::optional<std::string>& language) {
  for (const Voice& v : voices())
    if (std::string(v.provider) == p.name && speaks(v, language)) return true;
  return false;
}

}  // namespace

Json catalogue_me_voices() {
  Json out = Json::array();
  for (const Voice& v : voices()) {
    out.push_back(
        Json{{"id", v.id},
             {"voice_id", v.voice_id},
             {"provider", v.provider},
             {"name", v.name},
             {"model", v.models.front()},
             {"accent", std::string(v.accent) + " (" + v.languages.front() + ") " + v.gender}});
  }
  return out;
}

Json catalogue_tts_config(const std::optional<std::string>& language) {
  Json list = Json::array();
  Json default_id = nullptr;
  for (const Provider& p : providers()) {
    bool supported = provider_has_language(p, language);
    if (supported && default_id.is_null()) default_id = p.id;
    Json models = Json::array();
    int order = 1;
    for (const Model& m : p.models) {
      models.push_back(Json{{"id", m.id},
                            {"model_id", m.model_id},
                            {"display_name", m.display_name},
                            {"description", m.description},
                            {"display_order", order++},
                            {"quality_tier", m.quality_tier},
                            {"is_supported", supported},
                            {"is_deprecated", false},
                            {"default", m.is_default}});
    }
    list.push_back(
        Json{{"id", p.id}, {"name", p.name}, {"is_supported", supported}, {"models", models}});
  }
  return Json{{"language", language ? Json(*language) : Json(nullptr)},
              {"providers", list},
              {"custom_voices", Json::object()},
              {"default", default_id}};
}

std::optional<Json> catalogue_voices(const VoiceQuery& query, std::string* not_found) {
  const Provider* provider = nullptr;
  for (const Provider& p : providers())
    if (query.provider_id == p.id) provider = &p;
  if (!provider) {
    *not_found = "Provider";
    return std::nullopt;
  }
  const Model* model = nullptr;
  for (const Model& m : provider->models)
    if (query.model_id == m.id || query.model_id == m.model_id) model = &m;
  if (!model) {
    *not_found = "Model";
    return std::nullopt;
  }
  std::vector<const Voice*> matching;
  for (const Voice& v : voices()) {
    if (std::string(v.provider) != provider->name || !speaks(v, query.language)) continue;
    for (const char* mid : v.models)
      if (std::string(mid) == model->model_id) matching.push_back(&v);
  }
  Json items = Json::array();
  size_t start = static_cast<size_t>(query.page - 1) * static_cast<size_t>(query.page_size);
  for (size_t i = start; i < matching.size() && items.size() < static_cast<size_t>(query.page_size);
       ++i) {
    const Voice& v = *matching[i];
    items.push_back(Json{{"id", v.id},
                         {"provider_id", provider->id},
                         {"voice_id", v.voice_id},
                         {"name", v.name},
                         {"gender", v.gender},
                         {"accent", v.accent},
                         {"age_range", v.age_range},
                         {"use_case", Json::array({"conversational"})},
                         {"is_native", query.language && primary(*query.language) != "en"
                                           ? std::string(v.accent) == "Indian"
                                           : std::string(v.accent) == "American"},
                         {"preview_url", nullptr},
                         {"source", "platform"}});
  }
  return Json{{"items", items}};
}

}  // namespace bolna
