// The dashboard's routes: GET / pointing at it, the embedded files under /__emulator/ui,
// the admin tenant list, and the control reads the page uses (executions, one execution,
// overview), which stay out of the request journal.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE(
    "dashboard: GET / points at the dashboard (JSON, or HTML for browsers); other paths 404") {
  TestServer server;
  TestClient anonymous = server.client("");
  Response r = anonymous.get("/");
  REQUIRE(r.status == 200);
  CHECK(r.json["name"] == "bolna-emulator");
  CHECK(r.json["dashboard"] == server.app().public_url() + "/__emulator/ui");
  CHECK(r.json["docs"].is_string());
  Response html = anonymous.send("GET", "/", "", "", {{"Accept", "text/html,*/*"}});
  CHECK(html.status == 200);
  CHECK(html.header("Content-Type").find("text/html") == 0);
  CHECK(html.body.find("href=\"/__emulator/ui\"") != std::string::npos);
  Response missing = anonymous.get("/nothing-here");
  CHECK(missing.status == 404);
  CHECK(missing.json["message"] == "No route for GET /nothing-here");
}

TEST_CASE("dashboard: /__emulator/ui serves the embedded page, script and style") {
  TestServer server;
  TestClient anonymous = server.client("");
  Response page = anonymous.get("/__emulator/ui");
  REQUIRE(page.status == 200);
  CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(page.body.find("/__emulator/ui/app.js") != std::string::npos);
  CHECK(anonymous.get("/__emulator/ui/").body == page.body);
  Response js = anonymous.get("/__emulator/ui/app.js");
  CHECK(js.status == 200);
  CHECK(js.header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(js.body.find("EventSource") != std::string::npos);
  CHECK(anonymous.get("/__emulator/ui/app.css").header("Content-Type") ==
        "text/css; charset=utf-8");
  Response none = anonymous.get("/__emulator/ui/secret.txt");
  CHECK(none.status == 404);
  CHECK(none.json["error"] == 404);
}

TEST_CASE("dashboard: GET /__emulator/tenants needs the admin token and lists every tenant") {
  Config config;
  config.admin_token = "adm";
  TestServer server(config);
  server.client("t-one").get("/user/me");
  server.client("t-two").get("/user/me");
  CHECK(server.client("t-one").get("/__emulator/tenants").status == 403);
  Response r = server.client("").send("GET", "/__emulator/tenants", "", "",
                                      {{"X-Emulator-Admin-Token", "adm"}});
  REQUIRE(r.status == 200);
  REQUIRE(r.json["tenants"].size() == 2);
  CHECK(r.json["tenants"][0]["key"] == "t-one");
  CHECK(r.json["tenants"][1]["key"] == "t-two");
  CHECK(r.json["tenants"][0]["executions"] == 0);
  CHECK(r.json["tenants"][0]["clock"]["mode"] == "realtime");
}

TEST_CASE(
    "dashboard: control reads list executions newest first, filter them, and are not journaled") {
  TestServer server(manual_clock_config());
  TestClient c = server.client("dash");
  std::string a1 = create_agent(c, "One");
  std::string a2 = create_agent(c, "Two");
  std::string first = place_call(c, a1, "+14155550100");
  std::string second = place_call(c, a2, "+14155550110");
  advance(c, 1);
  std::string third = place_call(c, a1, "+14155550100");
  size_t journaled = c.get("/__emulator/requests").json["size"];

  Response all = c.get("/__emulator/executions");
  REQUIRE(all.status == 200);
  CHECK(all.json["total"] == 3);
  REQUIRE(all.json["executions"].size() == 3);
  CHECK(all.json["executions"][0]["id"] == third);
  CHECK(all.json["executions"][2]["id"] == first);
  CHECK(all.json["outcomes"][second] == "busy");
  CHECK(c.get("/__emulator/executions?agent_id=" + a1).json["total"] == 2);
  CHECK(c.get("/__emulator/executions?status=queued").json["total"] == 1);
  Response limited = c.get("/__emulator/executions?limit=1");
  CHECK(limited.json["total"] == 3);
  CHECK(limited.json["count"] == 1);
  CHECK(c.get("/__emulator/executions?limit=0").status == 400);

  Response one = c.get("/__emulator/executions/" + second);
  REQUIRE(one.status == 200);
  CHECK(one.json == get_execution(c, second));
  CHECK(c.get("/__emulator/executions/nope").status == 404);

  Response overview = c.get("/__emulator/overview");
  REQUIRE(overview.status == 200);
  CHECK(overview.json["agents"].size() == 2);
  CHECK(overview.json["phone_numbers"][0]["phone_number"] == "+12025550100");
  CHECK(overview.json["batches"].empty());
  CHECK(overview.json["executions"] == 3);

  // Only the GET /executions/{id} above reached the journal.
  CHECK(c.get("/__emulator/requests").json["size"] == journaled + 1);
  CHECK(server.client("other").get("/__emulator/executions").json["total"] == 0);
}
