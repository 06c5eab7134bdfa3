// Providers (BYO keys), custom models and the voice catalogue over HTTP.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("providers: add stores the value masked, docs profile lists a bare array, delete") {
  TestServer server;
  TestClient c = server.client();
  CHECK(c.get("/providers").json == Json::array());
  Response a = c.post("/providers", Json{{"provider_name", "OPENAI_API_KEY"},
                                         {"provider_value", "sk-0123456789az"}});
  REQUIRE(a.status == 200);
  CHECK(a.json == Json{{"message", "successful"}, {"status", "added"}});
  Response l = c.get("/providers");
  REQUIRE(l.json.is_array());
  REQUIRE(l.json.size() == 1);
  CHECK(l.json[0]["provider_name"] == "OPENAI_API_KEY");
  CHECK(l.json[0]["provider_value"] == "xxxxxxxaz");
  CHECK(l.json[0]["provider_id"].get<std::string>().size() == 36);
  CHECK(l.json[0].contains("humanized_created_at"));
  CHECK(l.body.find("0123456789") == std::string::npos);

  Response d = c.del("/providers/OPENAI_API_KEY");
  REQUIRE(d.status == 200);
  CHECK(d.json == Json{{"message", "successful"}, {"status", "removed"}});
  Response gone = c.del("/providers/OPENAI_API_KEY");
  CHECK(gone.status == 404);
  CHECK(gone.json["message"] == "Provider not found");
  CHECK(c.post("/providers", Json{{"provider_name", "X"}}).json["message"] ==
        "provider_value is required");
}

TEST_CASE("providers: live profile wraps the list") {
  Config config;
  config.profile = Profile::kLive;
  TestServer server(config);
  TestClient c = server.client();
  c.post("/providers", Json{{"provider_name", "DEEPGRAM_API_KEY"}, {"provider_value", "dg-1234"}});
  Response l = c.get("/providers");
  REQUIRE(l.status == 200);
  CHECK(l.json["providers_data"].is_null());
  REQUIRE(l.json["providers"].size() == 1);
  CHECK(l.json["providers"][0]["provider_value"] == "xxxxxxx34");
}

TEST_CASE("custom model: added, with validation") {
  TestServer server;
  TestClient c = server.client();
  Response r =
      c.post("/user/model/custom", Json{{"custom_model_name", "Customer-care Model"},
                                        {"custom_model_url", "https://custom.llm.model/v1"}});
  REQUIRE(r.status == 200);
  CHECK(r.json == Json{{"message", "model added successfully"}, {"status", "added"}});
  CHECK(c.post("/user/model/custom", Json{{"custom_model_name", "x"}}).json["message"] ==
        "custom_model_url is required");
  CHECK(c.post("/user/model/custom", Json{{"custom_model_name", "x"}, {"custom_model_url", "nope"}})
            .json["message"] == "custom_model_url must be a valid http(s) URL");
}

TEST_CASE("voices: /me/voices and the voice-config catalogue") {
  TestServer server;
  TestClient c = server.client();
  Response me = c.get("/me/voices");
  REQUIRE(me.status == 200);
  REQUIRE(me.json.is_array());
  REQUIRE(!me.json.empty());
  for (const char* k : {"id", "voice_id", "provider", "name", "model", "accent"})
    CHECK(me.json[0].contains(k));

  Response cfg = c.get("/api/v1/voice-config/tts?language=hi");
  REQUIRE(cfg.status == 200);
  CHECK(cfg.json["language"] == "hi");
  REQUIRE(cfg.json["providers"].is_array());
  CHECK(cfg.json["custom_voices"] == Json::object());
  std::string deepgram_supported;
  for (const Json& p : cfg.json["providers"])
    if (p["name"] == "deepgram") CHECK(p["is_supported"] == false);  // no Hindi voice
  const Json& eleven = cfg.json["providers"][0];
  CHECK(eleven["name"] == "elevenlabs");
  CHECK(cfg.json["default"] == eleven["id"]);
  for (const char* k : {"id", "model_id", "display_name", "description", "display_order",
                        "quality_tier", "is_supported", "is_deprecated", "default"})
    CHECK(eleven["models"][0].contains(k));
  CHECK(c.get("/api/v1/voice-config/tts").status == 200);  // docs: language optional

  std::string q = "/api/v1/voice-config/tts/voices?provider_id=" + eleven["id"].get<std::string>() +
                  "&model_id=" + eleven["models"][0]["id"].get<std::string>();
  Response v = c.get(q + "&language=en");
  REQUIRE(v.status == 200);
  REQUIRE(v.json["items"].size() == 3);
  for (const char* k : {"id", "provider_id", "voice_id", "name", "gender", "accent", "age_range",
                        "use_case", "is_native", "preview_url", "source"})
    CHECK(v.json["items"][0].contains(k));
  CHECK(v.json["items"][0]["source"] == "platform");
  Response page2 = c.get(q + "&language=en&page=2&page_size=2");
  REQUIRE(page2.json["items"].size() == 1);
  CHECK(page2.json["items"][0]["name"] == "Nila");
  CHECK(c.get(q + "&language=hi").json["items"].size() == 1);

  CHECK(c.get("/api/v1/voice-config/tts/voices?model_id=x").json["message"] ==
        "provider_id is required");
  CHECK(c.get("/api/v1/voice-config/tts/voices?provider_id=x&model_id=y").json["message"] ==
        "Provider not found");
  CHECK(c.get(q + "&page_size=101").status == 400);
}

TEST_CASE("voices: live profile requires language") {
  Config config;
  config.profile = Profile::kLive;
  TestServer server(config);
  TestClient c = server.client();
  Response r = c.get("/api/v1/voice-config/tts");
  CHECK(r.status == 400);
  CHECK(r.json["message"] == "language is required");
  CHECK(c.get("/api/v1/voice-config/tts?language=en").status == 200);
}
