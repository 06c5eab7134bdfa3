// Sub-accounts over HTTP: the sa- key is a tenant at once, validation, cascading delete.
#include <cstdio>
#include <fstream>

#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("sub-accounts: create answers an sa- key that works at once as its own tenant") {
  TestServer server;
  TestClient org = server.client("org-key");
  Response r =
      org.post("/sub-accounts/create",
               Json{{"name", "alpha-007"}, {"min_concurrency", 5}, {"max_concurrency", 10}});
  REQUIRE(r.status == 200);
  std::string key = r.json["api_key"];
  REQUIRE(key.size() == 35);
  CHECK(key.rfind("sa-", 0) == 0);
  for (char ch : key.substr(3)) CHECK(((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')));
  CHECK(r.json["name"] == "alpha-007");
  CHECK(r.json["min_concurrency"] == 5);
  CHECK(r.json["max_concurrency"] == 10);
  CHECK(r.json["multi_tenant"] == false);
  CHECK(r.json["db_host"].is_null());
  CHECK(r.json["id"].get<std::string>().size() == 36);
  for (const char* k : {"user_id", "organization_id", "created_at", "updated_at", "db_name",
                        "db_port", "db_user", "db_password"})
    CHECK(r.json.contains(k));

  TestClient sub = server.client(key);
  std::string agent = create_agent(sub);
  CHECK(sub.get("/v2/agent/" + agent).status == 200);
  CHECK(org.get("/v2/agent/" + agent).status == 404);  // separate tenants

  Response all = org.get("/sub-accounts/all");
  REQUIRE(all.json.is_array());
  REQUIRE(all.json.size() == 1);
  CHECK(all.json[0]["api_key"] == key);
  CHECK(all.json[0]["organization_id"] == r.json["organization_id"]);
  CHECK_FALSE(all.json[0].contains("db_host"));

  // A sub-account key cannot manage sub-accounts.
  Response forbidden =
      sub.post("/sub-accounts/create", Json{{"name", "x"}, {"min_concurrency", 0}});
  CHECK(forbidden.status == 403);
  CHECK(forbidden.json ==
        Json{{"message", "Forbidden: only organization admins can manage sub-accounts"}});
}

TEST_CASE("sub-accounts: delete cascades and revokes the key") {
  TestServer server;
  TestClient org = server.client("org-key");
  Response r = org.post("/sub-accounts/create", Json{{"name", "beta"}, {"min_concurrency", 0}});
  REQUIRE(r.status == 200);
  std::string id = r.json["id"];
  TestClient sub = server.client(r.json["api_key"]);
  std::string agent = create_agent(sub);
  Response d = org.del("/sub-accounts/" + id);
  REQUIRE(d.status == 200);
  CHECK(d.json == Json{{"message", "success"}, {"state", "deleted"}});
  Response refused = sub.get("/v2/agent/" + agent);
  CHECK(refused.status == 401);
  CHECK(refused.json == Json{{"error", 401}, {"message", "Access denied"}});
  CHECK(org.get("/sub-accounts/all").json.empty());
  Response gone = org.del("/sub-accounts/" + id);
  CHECK(gone.status == 404);
  CHECK(gone.json["message"] == "Sub-account not found");
}

TEST_CASE("sub-accounts: the key works even when a keys file restricts keys") {
  std::string path = "/tmp/bolna-subaccount-keys-" + std::to_string(::getpid()) + ".txt";
  {
    std::ofstream f(path);
    f << "org-key\n";
  }
  Config config;
  config.keys_file = path;
  TestServer server(config);
  TestClient org = server.client("org-key");
  Response r = org.post("/sub-accounts/create", Json{{"name", "gamma"}, {"min_concurrency", 1}});
  REQUIRE(r.status == 200);
  TestClient sub = server.client(r.json["api_key"]);
  CHECK(sub.get("/v2/agent/all").status == 200);
  CHECK(server.client("sa-00000000000000000000000000000000").get("/v2/agent/all").status == 401);
  std::remove(path.c_str());
}

TEST_CASE("sub-accounts: documented validation messages") {
  TestServer server;
  TestClient org = server.client("org-key");
  Response none = org.post("/sub-accounts/create", Json{{"name", "x"}});
  CHECK(none.status == 400);
  CHECK(none.json ==
        Json{{"message", "Bad request. Please provide min_concurrency and/or max_concurrency."}});
  REQUIRE(org.post("/sub-accounts/create", Json{{"name", "a"}, {"min_concurrency", 30}}).status ==
          200);
  Response mins = org.post("/sub-accounts/create", Json{{"name", "b"}, {"min_concurrency", 30}});
  CHECK(mins.status == 400);
  CHECK(mins.json == Json{{"message",
                           "Sum of account minimums (60) exceeds the org minimum (50) by 10; lower "
                           "an account minimum first."}});
  REQUIRE(org.post("/sub-accounts/create",
                   Json{{"name", "c"}, {"min_concurrency", 0}, {"max_concurrency", 60}})
              .status == 200);
  Response maxes = org.post("/sub-accounts/create",
                            Json{{"name", "d"}, {"min_concurrency", 0}, {"max_concurrency", 60}});
  CHECK(maxes.json == Json{{"message",
                            "Sum of capped account maximums (120) exceeds the org maximum (100) by "
                            "20; lower an account maximum or raise the org maximum."}});
  // Elastic (null) maximums do not count.
  Response elastic =
      org.post("/sub-accounts/create",
               Json{{"name", "e"}, {"min_concurrency", 0}, {"max_concurrency", nullptr}});
  REQUIRE(elastic.status == 200);
  CHECK(elastic.json["max_concurrency"].is_null());
  CHECK(org.post("/sub-accounts/create", Json{{"min_concurrency", 0}}).json["message"] ==
        "name is required");
  CHECK(org.post("/sub-accounts/create", Json{{"name", "f"}, {"min_concurrency", -1}}).status ==
        400);
  CHECK(org.post("/sub-accounts/create",
                 Json{{"name", "f"}, {"min_concurrency", 5}, {"max_concurrency", 2}})
            .status == 400);
}

TEST_CASE("sub-accounts: patch") {
  TestServer server;
  TestClient org = server.client("org-key");
  std::string id =
      org.post("/sub-accounts/create", Json{{"name", "a"}, {"min_concurrency", 10}}).json["id"];
  Response p = org.patch("/sub-accounts/" + id, Json{{"name", "renamed"}, {"max_concurrency", 20}});
  REQUIRE(p.status == 200);
  CHECK(p.json == Json{{"message", "success"}, {"state", "updated"}});
  Response all = org.get("/sub-accounts/all");
  CHECK(all.json[0]["name"] == "renamed");
  CHECK(all.json[0]["max_concurrency"] == 20);
  CHECK(org.patch("/sub-accounts/" + id, Json{{"max_concurrency", nullptr}}).status == 200);
  CHECK(org.get("/sub-accounts/all").json[0]["max_concurrency"].is_null());

  Response empty = org.patch("/sub-accounts/" + id, Json{{"unknown", 1}});
  CHECK(empty.status == 400);
  CHECK(empty.json == Json{{"error", "No valid fields provided"}, {"status", "failure"}});
  Response mins = org.patch("/sub-accounts/" + id, Json{{"min_concurrency", 60}});
  CHECK(mins.json["message"] ==
        "Sum of account minimums (60) exceeds the org minimum (50) by 10; lower an account minimum "
        "first.");
  CHECK(org.patch("/sub-accounts/nope", Json{{"name", "x"}}).status == 404);
}

TEST_CASE("sub-accounts: resetting the organization drops its sub-accounts and their keys") {
  TestServer server;
  TestClient org = server.client("org-key");
  Response r = org.post("/sub-accounts/create", Json{{"name", "delta"}, {"min_concurrency", 0}});
  REQUIRE(r.status == 200);
  TestClient sub = server.client(r.json["api_key"]);
  CHECK(sub.get("/v2/agent/all").status == 200);
  REQUIRE(org.post("/__emulator/reset").status == 200);
  CHECK(org.get("/sub-accounts/all").json.empty());
  CHECK(sub.get("/v2/agent/all").status == 401);
}
