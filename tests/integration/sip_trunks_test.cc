// SIP trunks and their numbers over HTTP.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

Json trunk_body() {
  return Json::parse(R"({"name": "Zadarma Production", "provider": "zadarma",
    "auth_type": "userpass", "auth_username": "u", "auth_password": "secret-pass",
    "gateways": [{"gateway_address": "sip.zadarma.com"}], "inbound_enabled": true,
    "phone_numbers": [{"phone_number": "919876543210", "name": "Mumbai"}]})");
}

}  // namespace

TEST_CASE("sip trunks: create 201 with defaults, list, get, patch, delete with the count") {
  TestServer server;
  TestClient c = server.client();
  Response r = c.post("/sip-trunks/trunks", trunk_body());
  REQUIRE(r.status == 201);
  std::string id = r.json["id"];
  CHECK(r.json["gateways"] ==
        Json::parse(R"([{"gateway_address": "sip.zadarma.com", "port": 5060, "priority": 1}])"));
  CHECK(r.json["transport"] == "transport-udp");
  CHECK(r.json["media_encryption"] == "no");
  CHECK(r.json["allow"] == "ulaw,alaw");
  CHECK(r.json["disallow"] == "all");
  CHECK(r.json["rtp_symmetric"] == true);
  CHECK(r.json["direct_media"] == false);
  CHECK(r.json["qualify_frequency"] == 60);
  CHECK(r.json["is_active"] == true);
  CHECK(r.json["inbound_enabled"] == true);
  CHECK_FALSE(r.json.contains("auth_password"));
  CHECK(r.body.find("secret-pass") == std::string::npos);
  REQUIRE(r.json["phone_numbers"].size() == 1);
  CHECK(r.json["phone_numbers"][0]["byot_trunk_id"] == id);
  CHECK(r.json["phone_numbers"][0]["telephony_provider"] == "sip-trunk");

  CHECK(c.get("/sip-trunks/trunks").json.size() == 1);
  CHECK(c.get("/sip-trunks/trunks?is_active=false").json.empty());
  CHECK(c.get("/sip-trunks/trunks/" + id).json["name"] == "Zadarma Production");

  Response p = c.patch("/sip-trunks/trunks/" + id,
                       Json::parse(R"({"gateways": [{"gateway_address": "a.example", "port": 5080},
                                                    {"gateway_address": "b.example", "priority": 2}],
                                       "is_active": false})"));
  REQUIRE(p.status == 200);
  CHECK(p.json["gateways"].size() == 2);
  CHECK(p.json["gateways"][0]["port"] == 5080);
  CHECK(p.json["is_active"] == false);
  CHECK(c.get("/sip-trunks/trunks?is_active=false").json.size() == 1);
  CHECK(c.patch("/sip-trunks/trunks/" + id, Json{{"provider", "plivo"}}).status == 400);

  Response n = c.post("/sip-trunks/trunks/" + id + "/numbers",
                      Json{{"phone_number", "+14155550123"}, {"e164_check_enabled", true}});
  REQUIRE(n.status == 201);
  for (const char* k : {"id", "phone_number", "name", "byot_trunk_id", "telephony_provider",
                        "deleted", "created_at", "updated_at"})
    CHECK(n.json.contains(k));
  CHECK(c.get("/sip-trunks/trunks/" + id + "/numbers").json.size() == 2);
  Response dn = c.del("/sip-trunks/trunks/" + id + "/numbers/" + n.json["id"].get<std::string>());
  REQUIRE(dn.status == 200);
  CHECK(dn.json == Json{{"message", "Phone number removed successfully"}});
  CHECK(c.del("/sip-trunks/trunks/" + id + "/numbers/" + n.json["id"].get<std::string>()).status ==
        404);

  Response d = c.del("/sip-trunks/trunks/" + id);
  REQUIRE(d.status == 200);
  CHECK(d.json == Json{{"message", "Trunk deleted successfully. 1 phone number(s) removed."}});
  Response gone = c.get("/sip-trunks/trunks/" + id);
  CHECK(gone.status == 404);
  CHECK(gone.json["message"] == "SIP trunk not found");
  CHECK(c.get("/sip-trunks/trunks/" + id + "/numbers").status == 404);
}

TEST_CASE("sip trunks: sdes without TLS is a 422, other validation is 400") {
  TestServer server;
  TestClient c = server.client();
  Json body = trunk_body();
  body["media_encryption"] = "sdes";
  Response r = c.post("/sip-trunks/trunks", body);
  CHECK(r.status == 422);
  CHECK(r.json["message"] == "media_encryption='sdes' requires transport='transport-tls'");
  body["transport"] = "transport-tls";
  std::string id = c.post("/sip-trunks/trunks", body).json["id"];
  CHECK(!id.empty());
  CHECK(c.patch("/sip-trunks/trunks/" + id, Json{{"transport", "transport-udp"}}).status == 422);

  Json ip = Json::parse(R"({"name": "Plivo", "provider": "plivo", "auth_type": "ip-based",
                            "gateways": [{"gateway_address": "x.zt.plivo.com"}]})");
  CHECK(c.post("/sip-trunks/trunks", ip).json["message"] ==
        "ip_identifiers is required when auth_type is ip-based");
  ip["ip_identifiers"] = Json::parse(R"([{"ip_address": "15.207.90.192/31"}])");
  CHECK(c.post("/sip-trunks/trunks", ip).status == 201);

  Json no_gw = trunk_body();
  no_gw.erase("gateways");
  CHECK(c.post("/sip-trunks/trunks", no_gw).json["message"] == "gateways is required");
  Json bad_auth = trunk_body();
  bad_auth["auth_type"] = "token";
  CHECK(c.post("/sip-trunks/trunks", bad_auth).json["message"] ==
        "auth_type must be one of userpass, ip-based");
  Json no_pass = trunk_body();
  no_pass.erase("auth_password");
  CHECK(c.post("/sip-trunks/trunks", no_pass).status == 400);
  CHECK(c.post("/sip-trunks/trunks/" + id + "/numbers",
               Json{{"phone_number", "9198765"}, {"e164_check_enabled", true}})
            .status == 422);
  CHECK(c.post("/sip-trunks/trunks/" + id + "/numbers", Json::object()).json["message"] ==
        "phone_number is required");
}
