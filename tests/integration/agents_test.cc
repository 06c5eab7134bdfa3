// Agent endpoints, v2 and v1, over HTTP.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("agents v2: create answers 201 with state, GET round-trips the config") {
  TestServer server;
  TestClient c = server.client();
  Json body = agent_body("Alfred");
  body["agent_config"]["webhook_url"] = "http://127.0.0.1:1/hook";
  body["agent_config"]["custom_field"] = {{"nested", true}};
  Response r = c.post("/v2/agent", body);
  REQUIRE(r.status == 201);
  CHECK(r.json["state"] == "created");
  CHECK_FALSE(r.json.contains("status"));
  std::string id = r.json["agent_id"];
  CHECK(id.size() == 36);

  Response g = c.get("/v2/agent/" + id);
  REQUIRE(g.status == 200);
  CHECK(g.json["id"] == id);
  CHECK(g.json["agent_name"] == "Alfred");
  CHECK(g.json["agent_status"] == "processed");
  CHECK(g.json["tasks"] == body["agent_config"]["tasks"]);
  CHECK(g.json["agent_prompts"] == body["agent_prompts"]);
  CHECK(g.json["webhook_url"] == "http://127.0.0.1:1/hook");
  CHECK(g.json["custom_field"]["nested"] == true);
  for (const auto& [key, value] : body["agent_config"].items()) CHECK(g.json[key] == value);
  std::string created = g.json["created_at"];
  CHECK(created.size() == 32);
  CHECK(created.substr(26) == "+00:00");
}

TEST_CASE("agents v2: list is a bare array, PUT replaces, PATCH applies the whitelist") {
  TestServer server;
  TestClient c = server.client();
  std::string a = create_agent(c, "First");
  std::string b = create_agent(c, "Second");
  Response all = c.get("/v2/agent/all");
  REQUIRE(all.status == 200);
  REQUIRE(all.json.is_array());
  REQUIRE(all.json.size() == 2);
  CHECK(all.json[0]["id"] == a);
  CHECK(all.json[1]["agent_name"] == "Second");

  Json replacement = agent_body("Renamed");
  Response put = c.put("/v2/agent/" + a, replacement);
  REQUIRE(put.status == 200);
  CHECK(put.json == Json{{"agent_id", a}, {"status", "updated"}});
  CHECK(c.get("/v2/agent/" + a).json["agent_name"] == "Renamed");

  Json patch = Json::parse(R"({"agent_config": {"agent_name": "Patched", "agent_type": "x",
      "webhook_url": "http://127.0.0.1:9/h", "telephony_provider": "sip-trunk"},
      "agent_prompts": {"task_1": {"system_prompt": "new"}}})");
  Response p = c.patch("/v2/agent/" + b, patch);
  REQUIRE(p.status == 200);
  CHECK(p.json == Json{{"message", "success"}, {"state", "updated"}});
  Response g = c.get("/v2/agent/" + b);
  CHECK(g.json["agent_name"] == "Patched");
  CHECK(g.json["agent_type"] == "other");  // ignored
  CHECK(g.json["webhook_url"] == "http://127.0.0.1:9/h");
  CHECK(g.json["tasks"][0]["tools_config"]["input"]["format"] == "ulaw");
  CHECK(g.json["agent_prompts"]["task_1"]["system_prompt"] == "new");

  Response unset = c.patch("/v2/agent/" + b, Json::parse(R"({"agent_config": {"webhook_url": null}})"));
  REQUIRE(unset.status == 200);
  CHECK_FALSE(c.get("/v2/agent/" + b).json.contains("webhook_url"));
}

TEST_CASE("agents v2: delete, then 404 with the documented body") {
  TestServer server;
  TestClient c = server.client();
  std::string id = create_agent(c);
  Response d = c.del("/v2/agent/" + id);
  REQUIRE(d.status == 200);
  CHECK(d.json == Json{{"message", "success"}, {"state", "deleted"}});
  Response g = c.get("/v2/agent/" + id);
  CHECK(g.status == 404);
  CHECK(g.json == Json{{"error", 404}, {"message", "Agent not found"}});
  CHECK(c.del("/v2/agent/" + id).status == 404);
  CHECK(c.put("/v2/agent/" + id, agent_body()).status == 404);
  CHECK(c.patch("/v2/agent/" + id, Json::object()).status == 404);
}

TEST_CASE("agents v2: documented 400 messages") {
  TestServer server;
  TestClient c = server.client();
  auto message_for = [&](const Json& body) {
    Response r = c.post("/v2/agent", body);
    CHECK(r.status == 400);
    CHECK(r.json["error"] == 400);
    return r.json["message"].get<std::string>();
  };
  CHECK(message_for(Json::object()) == "agent_config is required");
  Json b = agent_body();
  b["agent_config"].erase("tasks");
  CHECK(message_for(b) == "tasks is required");
  b = agent_body();
  b["agent_config"]["tasks"][0]["toolchain"]["pipelines"] = Json::array({"llm"});
  CHECK(message_for(b) == "toolchain.pipelines must be array of arrays");
  b = agent_body();
  b["agent_config"].erase("agent_name");
  CHECK(message_for(b) == "agent_config.agent_name is required");
  b = agent_body();
  b["agent_config"]["agent_name"] = Json::array();
  CHECK(message_for(b) == "agent_config.agent_name must be a string, got an array");
  b = agent_body();
  b.erase("agent_prompts");
  CHECK(message_for(b) == "agent_prompts is required");
  CHECK(message_for(Json::array()) == "request body must be a JSON object");
  Response bad_patch = c.patch("/v2/agent/" + create_agent(c),
                               Json{{"agent_config", {{"telephony_provider", "skype"}}}});
  CHECK(bad_patch.status == 400);
}

TEST_CASE("agents v1: 200 with status, list, get, put, patch") {
  TestServer server;
  TestClient c = server.client();
  Response r = c.post("/agent", agent_body("Legacy"));
  REQUIRE(r.status == 200);
  CHECK(r.json["status"] == "created");
  std::string id = r.json["agent_id"];
  CHECK(c.get("/agent/all").json.size() == 1);
  CHECK(c.get("/agent/" + id).json["agent_name"] == "Legacy");
  CHECK(c.put("/agent/" + id, agent_body("L2")).json["status"] == "updated");
  CHECK(c.patch("/agent/" + id, Json{{"agent_config", {{"agent_name", "L3"}}}}).json["state"] ==
        "updated");
  CHECK(c.get("/v2/agent/" + id).json["agent_name"] == "L3");
  CHECK(c.get("/agent/nope").status == 404);
}

TEST_CASE("agents: tenants are isolated, another tenant's agent is a 404") {
  TestServer server;
  TestClient alice = server.client("key-alice");
  TestClient bob = server.client("key-bob");
  std::string id = create_agent(alice);
  Response r = bob.get("/v2/agent/" + id);
  CHECK(r.status == 404);
  CHECK(r.json == Json{{"error", 404}, {"message", "Agent not found"}});
  CHECK(bob.del("/v2/agent/" + id).status == 404);
  CHECK(bob.get("/v2/agent/all").json.empty());
  CHECK(alice.get("/v2/agent/" + id).status == 200);
}

TEST_CASE("agents: live profile writes naive timestamps") {
  Config config;
  config.profile = Profile::kLive;
  TestServer server(config);
  TestClient c = server.client();
  std::string id = create_agent(c);
  std::string created = c.get("/v2/agent/" + id).json["created_at"];
  CHECK(created.size() == 26);
  CHECK(created.find('+') == std::string::npos);
}
