// Dispositions, extraction templates and extraction categories over HTTP.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

Json outcome(const std::string& agent = "") {
  Json d = Json::parse(R"({"name": "Call Outcome", "question": "What was the outcome?",
    "category": "Lead Quality", "is_subjective": true, "is_objective": true,
    "objective_options": [{"value": "interested", "condition": "agreed to a next step"},
                          {"value": "not_interested", "condition": "declined"}]})");
  if (!agent.empty()) d["agent_id"] = agent;
  return d;
}

}  // namespace

TEST_CASE("dispositions: create 201, list (docs bare array), get, delete") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Response r = c.post("/dispositions/", outcome(agent));
  REQUIRE(r.status == 201);
  CHECK(r.json["message"] == "Disposition created successfully");
  std::string id = r.json["id"];
  Response l = c.get("/dispositions/");
  REQUIRE(l.json.is_array());
  REQUIRE(l.json.size() == 1);
  CHECK(l.json[0]["agent_ids"] == Json::array({agent}));
  CHECK(l.json[0]["model"] == "gpt-4.1-mini");
  CHECK(l.json[0]["subjective_type"] == "text");
  CHECK(c.get("/dispositions/?agent_id=" + agent).json.size() == 1);
  Response g = c.get("/dispositions/" + id);
  REQUIRE(g.status == 200);
  CHECK(g.json["name"] == "Call Outcome");
  CHECK(g.json["category"] == "Lead Quality");
  Response forbidden = c.get("/dispositions/?agent_id=someone-elses");
  CHECK(forbidden.status == 403);
  Response d = c.del("/dispositions/" + id);
  REQUIRE(d.status == 200);
  CHECK(d.json == Json{{"message", "Disposition deleted successfully"}, {"id", id}});
  Response gone = c.get("/dispositions/" + id);
  CHECK(gone.status == 404);
  CHECK(gone.json["message"] == "Disposition not found");
}

TEST_CASE("dispositions: live profile list shapes depend on agent_id") {
  Config config;
  config.profile = Profile::kLive;
  TestServer server(config);
  TestClient c = server.client();
  std::string agent = create_agent(c);
  REQUIRE(c.post("/dispositions/", outcome(agent)).status == 201);
  Response mine = c.get("/dispositions/");
  REQUIRE(mine.json["user_owned"].size() == 1);
  Response scoped = c.get("/dispositions/?agent_id=" + agent);
  CHECK(scoped.json["agent_dispositions"].size() == 1);
  CHECK(scoped.json["global_dispositions"] == Json::array());
}

TEST_CASE("dispositions: 422 validation, bulk all-or-nothing") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Json no_options = outcome();
  no_options.erase("objective_options");
  Response r = c.post("/dispositions/", no_options);
  CHECK(r.status == 422);
  CHECK(r.json["message"] ==
        "objective_options is required and must not be empty when is_objective is true");
  Json neither = outcome();
  neither["is_subjective"] = false;
  neither["is_objective"] = false;
  CHECK(c.post("/dispositions/", neither).json["message"] ==
        "At least one of is_subjective or is_objective must be true");
  Json regex = Json{{"name", "Phone"},
                    {"question", "Number?"},
                    {"is_subjective", true},
                    {"subjective_type", "regex"}};
  CHECK(c.post("/dispositions/", regex).status == 422);
  CHECK(
      c.post("/dispositions/", Json{{"question", "q"}, {"is_subjective", true}}).json["message"] ==
      "name is required");
  CHECK(c.post("/dispositions/", outcome("not-my-agent")).status == 403);

  Json bulk{{"agent_id", agent}, {"dispositions", Json::array({outcome(), no_options})}};
  Response b = c.post("/dispositions/bulk", bulk);
  CHECK(b.status == 422);
  CHECK(b.json["message"].get<std::string>().rfind("dispositions[1].", 0) == 0);
  CHECK(c.get("/dispositions/").json.empty());  // nothing created
  CHECK(c.post("/dispositions/bulk", Json{{"agent_id", agent}, {"dispositions", Json::array()}})
            .status == 422);
  bulk["dispositions"][1] = regex;
  bulk["dispositions"][1]["subjective_type_config"] = {{"pattern", "\\d{10}"}};
  Response ok = c.post("/dispositions/bulk", bulk);
  REQUIRE(ok.status == 201);
  CHECK(ok.json["message"] == "Dispositions created successfully");
  CHECK(ok.json["ids"].size() == 2);
}

TEST_CASE("dispositions: PUT edits in place, or copies a shared disposition for one agent") {
  TestServer server;
  TestClient c = server.client();
  std::string a = create_agent(c, "A");
  std::string b = create_agent(c, "B");
  std::string id = c.post("/dispositions/", outcome(a)).json["id"];
  Response in_place = c.put("/dispositions/" + id, Json{{"agent_id", a}, {"name", "Outcome 2"}});
  REQUIRE(in_place.status == 200);
  CHECK(in_place.json == Json{{"message", "Disposition updated successfully"}, {"id", id}});
  CHECK(c.get("/dispositions/" + id).json["name"] == "Outcome 2");

  // Link the disposition to B too (bulk creates its own, so share through PUT unscoped is
  // not possible): a disposition created without agent and edited for A is shared.
  std::string shared = c.post("/dispositions/", outcome()).json["id"];
  Response copy = c.put("/dispositions/" + shared, Json{{"agent_id", b}, {"question", "New?"}});
  REQUIRE(copy.status == 201);
  CHECK(copy.json["message"] == "Disposition copy created and linked to agent");
  std::string copy_id = copy.json["id"];
  CHECK(copy_id != shared);
  CHECK(c.get("/dispositions/" + shared).json["question"] == "What was the outcome?");
  CHECK(c.get("/dispositions/" + copy_id).json["question"] == "New?");
  CHECK(c.get("/dispositions/" + copy_id).json["agent_ids"] == Json::array({b}));

  Response none = c.put("/dispositions/" + id, Json{{"foo", 1}});
  CHECK(none.status == 400);
  CHECK(none.json["message"] == "No valid fields provided");
  CHECK(c.put("/dispositions/" + id,
              Json{{"is_objective", true}, {"objective_options", Json::array()}})
            .status == 422);
  CHECK(c.put("/dispositions/nope", Json{{"name", "x"}}).status == 404);
  CHECK(c.get("/dispositions/" + id + "?agent_id=" + b).status == 404);
}

TEST_CASE("dispositions: the test endpoint returns extracted_data for a transcript") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  REQUIRE(c.post("/dispositions/", outcome(agent)).status == 201);
  Json escalation = Json::parse(R"({"name": "Agent Handover Needed", "question": "Human?",
    "category": "Escalation", "is_objective": true,
    "objective_options": [{"value": "Yes", "condition": "asked"}, {"value": "No", "condition": "did not"}]})");
  escalation["agent_id"] = agent;
  REQUIRE(c.post("/dispositions/", escalation).status == 201);
  Response r =
      c.post("/v2/agent/" + agent + "/dispositions/test",
             Json{{"transcript", "Agent: Hi!\nCustomer: I am interested in the enterprise plan."}});
  REQUIRE(r.status == 200);
  const Json& x = r.json["extracted_data"];
  CHECK(x["Lead Quality"]["Call Outcome"]["objective"] == "interested");
  CHECK(x["Lead Quality"]["Call Outcome"]["subjective"] ==
        "I am interested in the enterprise plan.");
  CHECK(x["Escalation"]["Agent Handover Needed"]["subjective"] == "");
  CHECK(x["Escalation"]["Agent Handover Needed"]["objective"] == "No");

  CHECK(c.post("/v2/agent/nope/dispositions/test", Json{{"transcript", "x"}}).status == 404);
  CHECK(c.post("/v2/agent/" + agent + "/dispositions/test", Json::object()).status == 422);
  CHECK(c.post("/v2/agent/" + agent + "/dispositions/test",
               Json{{"transcript", std::string(50001, 'a')}})
            .status == 422);
}

TEST_CASE("extraction templates: CRUD with {data} envelopes") {
  TestServer server;
  TestClient c = server.client();
  CHECK(c.get("/extractions").json == Json{{"data", Json::array()}});
  Response r = c.post("/extractions",
                      Json{{"name", "Lead Qualification"}, {"json_schema", {{"type", "object"}}}});
  REQUIRE(r.status == 201);
  std::string id = r.json["data"]["id"];
  CHECK(r.json["data"]["model"] == "gpt-4.1-mini");
  CHECK(r.json["data"]["display"] == true);
  CHECK(r.json["data"]["supports_custom_questions"] == false);
  CHECK(c.get("/extractions/" + id).json["data"]["name"] == "Lead Qualification");
  Response u = c.put("/extractions/" + id, Json{{"instructions", "Extract it."}});
  REQUIRE(u.status == 200);
  CHECK(u.json["data"]["instructions"] == "Extract it.");
  CHECK(c.get("/extractions").json["data"].size() == 1);
  Response d = c.del("/extractions/" + id);
  REQUIRE(d.status == 200);
  CHECK(d.json == Json{{"message", "Template deleted successfully"}});
  CHECK(c.get("/extractions/" + id).json ==
        Json{{"error", 404}, {"message", "Template not found"}});
  CHECK(c.post("/extractions", Json{{"name", "x"}}).json["message"] == "json_schema is required");
}

TEST_CASE("extraction categories: per agent, rename rewrites dispositions, delete cascades") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Response r = c.post("/agent/" + agent + "/extraction-categories",
                      Json{{"name", "Lead Quality"}, {"model", "gpt-4.1-mini"}});
  REQUIRE(r.status == 201);
  std::string cat = r.json["id"];
  CHECK(r.json["dispositions"] == Json::array());
  CHECK(c.post("/agent/" + agent + "/extraction-categories",
               Json{{"name", "Lead Quality"}, {"model", "gpt-4.1-mini"}})
            .status == 400);
  Json d = outcome(agent);
  d.erase("category");
  d["category_id"] = cat;
  std::string did = c.post("/dispositions/", d).json["id"];
  CHECK(c.get("/dispositions/" + did).json["category"] == "Lead Quality");
  Response l = c.get("/agent/" + agent + "/extraction-categories");
  REQUIRE(l.json["categories"].size() == 1);
  CHECK(l.json["categories"][0]["dispositions"].size() == 1);
  Response p = c.patch("/extraction-categories/" + cat, Json{{"name", "Qualification"}});
  REQUIRE(p.status == 200);
  CHECK(c.get("/dispositions/" + did).json["category"] == "Qualification");
  CHECK(c.patch("/extraction-categories/" + cat, Json::object()).json["message"] ==
        "At least one of name or model must be provided.");
  CHECK(c.del("/extraction-categories/" + cat).status == 200);
  CHECK(c.get("/dispositions/" + did).status == 404);
  CHECK(c.get("/agent/nope/extraction-categories").status == 404);
  d["category_id"] = "unknown";
  CHECK(c.post("/dispositions/", d).status == 422);
}
