// Phone numbers and inbound linking over HTTP.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("phone numbers: every tenant starts with the default number, listed as documented") {
  TestServer server;
  TestClient c = server.client();
  Response r = c.get("/phone-numbers/all");
  REQUIRE(r.status == 200);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  const Json& n = r.json[0];
  CHECK(n["phone_number"] == "+12025550100");
  CHECK(n["id"] == "5f3c1a2e9b7d4c118e0f2025550100aa");
  CHECK(n["price"] == "$5.0");
  CHECK(n["agent_id"].is_null());
  CHECK(n["telephony_provider"] == "twilio");
  CHECK(n["rented"] == true);
  CHECK(n["humanized_created_at"] == "just now");
  std::string renewal = n["renewal_at"];
  CHECK(renewal.find(", 20") != std::string::npos);
  for (const char* key : {"created_at", "humanized_updated_at", "updated_at"})
    CHECK(n.contains(key));
}

TEST_CASE("phone numbers: search takes query parameters and prices in dollars") {
  TestServer server;
  TestClient c = server.client();
  Response r = c.get("/phone-numbers/search?country=US&pattern=415");
  REQUIRE(r.status == 200);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 5);
  for (const Json& n : r.json) {
    CHECK(n["phone_number"].get<std::string>().rfind("+1415555", 0) == 0);
    CHECK(n["price"] == 5.0);
    CHECK(n["price"].is_number());
    CHECK(n["provider"] == "twilio");
    CHECK(n["region"] == "San Francisco");
    CHECK(n["friendly_name"].is_null());
  }
  Response in = c.get("/phone-numbers/search?country=IN&provider=vobiz");
  REQUIRE(in.status == 200);
  CHECK(in.json[0]["provider"] == "vobiz");
  CHECK(in.json[0]["phone_number"].get<std::string>().rfind("+91", 0) == 0);

  Response missing = c.get("/phone-numbers/search");
  CHECK(missing.status == 400);
  CHECK(missing.json["message"] == "country is required (query parameter, US or IN)");
  CHECK(c.get("/phone-numbers/search?country=FR").json["message"] ==
        "country must be one of US, IN");
  CHECK(c.get("/phone-numbers/search?country=US&pattern=41").json["message"] ==
        "pattern must be 3 digits");
  CHECK(c.get("/phone-numbers/search?country=US&provider=telnyx").status == 400);
}

TEST_CASE("phone numbers: buy answers the price in cents, the number joins the list, delete") {
  TestServer server;
  TestClient c = server.client();
  std::string number =
      c.get("/phone-numbers/search?country=US&pattern=212").json[0]["phone_number"];
  Response b = c.post("/phone-numbers/buy", Json{{"country", "US"}, {"phone_number", number}});
  REQUIRE(b.status == 200);
  CHECK(b.json["price"] == 500.0);
  CHECK(b.json["phone_number"] == number);
  CHECK(b.json["bolna_owned"] == true);
  CHECK(b.json["deleted"] == false);
  CHECK(b.json["renewal"] == true);
  CHECK(b.json["agent_id"].is_null());
  CHECK(b.json["telephony_provider"] == "twilio");
  CHECK(b.json["telephony_sid"] == number.substr(1));
  std::string id = b.json["id"];
  CHECK(id.size() == 36);

  Response all = c.get("/phone-numbers/all");
  REQUIRE(all.json.size() == 2);
  CHECK(all.json[1]["phone_number"] == number);
  CHECK(all.json[1]["id"].get<std::string>().size() == 32);
  // Search no longer offers a number the tenant owns.
  for (const Json& n : c.get("/phone-numbers/search?country=US&pattern=212").json)
    CHECK(n["phone_number"] != number);

  Response again = c.post("/phone-numbers/buy", Json{{"country", "US"}, {"phone_number", number}});
  CHECK(again.status == 400);
  CHECK(again.json["message"] == "Phone number " + number + " is already in your account");

  // Other tenants do not see it.
  CHECK(server.client("other").get("/phone-numbers/all").json.size() == 1);
  CHECK(server.client("other").del("/phone-numbers/" + id).status == 404);

  Response d = c.del("/phone-numbers/" + id);
  REQUIRE(d.status == 200);
  CHECK(d.json == Json{{"message", "The phone number has been removed from your account"},
                       {"state", "deleted"}});
  Response gone = c.del("/phone-numbers/" + id);
  CHECK(gone.status == 404);
  CHECK(gone.json == Json{{"error", 404}, {"message", "Phone number not found"}});
  // The 32-hex id of the list works as well as the dashed one.
  CHECK(c.del("/phone-numbers/5f3c1a2e9b7d4c118e0f2025550100aa").status == 200);
  CHECK(c.get("/phone-numbers/all").json.empty());
}

TEST_CASE("phone numbers: buy validation") {
  TestServer server;
  TestClient c = server.client();
  CHECK(c.post("/phone-numbers/buy", Json{{"phone_number", "+14155550111"}}).json["message"] ==
        "country is required");
  CHECK(c.post("/phone-numbers/buy", Json{{"country", "US"}}).json["message"] ==
        "phone_number is required");
  CHECK(c.post("/phone-numbers/buy", Json{{"country", "US"}, {"phone_number", "4155550111"}})
            .json["message"] == "phone_number must be in E.164 format (e.g. +19876543210)");
  CHECK(c.post("/phone-numbers/buy", Json{{"country", "IN"}, {"phone_number", "+14155550111"}})
            .status == 400);
  Response p =
      c.post("/phone-numbers/buy",
             Json{{"country", "IN"}, {"phone_number", "+918005550110"}, {"provider", "plivo"}});
  REQUIRE(p.status == 200);
  CHECK(p.json["telephony_provider"] == "plivo");
  CHECK(p.json["price"] == 400.0);
}

TEST_CASE("inbound: setup links a number to an agent with the documented url, unlink clears it") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Response s = c.post(
      "/inbound/setup",
      Json{{"agent_id", agent}, {"phone_number_id", "5f3c1a2e-9b7d-4c11-8e0f-2025550100aa"}});
  REQUIRE(s.status == 200);
  std::string url = s.json["url"];
  CHECK(url.rfind(server.app().public_url() + "/inbound_call?agent_id=" + agent + "&user_id=", 0) ==
        0);
  CHECK(s.json["phone_number"] == "+12025550100");
  CHECK(s.json["id"] == "5f3c1a2e9b7d4c118e0f2025550100aa");
  CHECK(c.get("/phone-numbers/all").json[0]["agent_id"] == agent);

  Response u =
      c.post("/inbound/unlink", Json{{"phone_number_id", "5f3c1a2e9b7d4c118e0f2025550100aa"}});
  REQUIRE(u.status == 200);
  CHECK(u.json == Json{{"url", nullptr},
                       {"phone_number", "+12025550100"},
                       {"id", "5f3c1a2e9b7d4c118e0f2025550100aa"}});
  CHECK(c.get("/phone-numbers/all").json[0]["agent_id"].is_null());

  // Deleting the agent unlinks its numbers.
  c.post("/inbound/setup",
         Json{{"agent_id", agent}, {"phone_number_id", "5f3c1a2e9b7d4c118e0f2025550100aa"}});
  REQUIRE(c.del("/v2/agent/" + agent).status == 200);
  CHECK(c.get("/phone-numbers/all").json[0]["agent_id"].is_null());
}

TEST_CASE("inbound: errors") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Response no_agent = c.post("/inbound/setup", Json{{"phone_number_id", "x"}});
  CHECK(no_agent.status == 400);
  CHECK(no_agent.json == Json{{"error", 1001}, {"message", "agent_id is required"}});
  CHECK(c.post("/inbound/setup", Json{{"agent_id", agent}}).json["message"] ==
        "phone_number_id is required");
  Response unknown_agent =
      c.post("/inbound/setup",
             Json{{"agent_id", "nope"}, {"phone_number_id", "5f3c1a2e9b7d4c118e0f2025550100aa"}});
  CHECK(unknown_agent.status == 404);
  CHECK(unknown_agent.json["message"] == "Agent not found");
  Response unknown_number = c.post(
      "/inbound/setup",
      Json{{"agent_id", agent}, {"phone_number_id", "123e4567-e89b-12d3-a456-426614174000"}});
  CHECK(unknown_number.status == 404);
  CHECK(unknown_number.json["message"] == "Phone number not found");
  CHECK(c.post("/inbound/unlink", Json::object()).status == 400);
  CHECK(c.post("/inbound/setup", Json{{"agent_id", agent},
                                      {"phone_number_id", "5f3c1a2e9b7d4c118e0f2025550100aa"},
                                      {"ivr_config", "x"}})
            .status == 400);
}
