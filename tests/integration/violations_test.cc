// Violations over HTTP: seeded through the control API, listed, submitted.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("violations: seeded, paginated list with filters, submit evidence") {
  TestServer server;
  TestClient c = server.client();
  Response empty = c.get("/violations/list");
  REQUIRE(empty.status == 200);
  CHECK(empty.json == Json{{"data", Json::array()},
                           {"total", 0},
                           {"limit", 20},
                           {"offset", 0},
                           {"has_more", false}});
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    Response s = c.post("/__emulator/violations", Json{{"from_phone_number", "+918035739196"},
                                                       {"to_phone_number", "+919845866566"}});
    REQUIRE(s.status == 201);
    CHECK(s.json["status"] == "pending");
    ids.push_back(s.json["id"]);
  }
  Response page = c.get("/violations/list?page_number=1&page_size=2");
  REQUIRE(page.json["data"].size() == 2);
  CHECK(page.json["total"] == 3);
  CHECK(page.json["has_more"] == true);
  CHECK(page.json["data"][0]["id"] == ids[2]);  // newest first
  CHECK(c.get("/violations/list?page_number=2&page_size=2").json["offset"] == 2);

  Response sub = c.post_multipart("/violations/submit",
                                  {{"violation_id", ids[0], "", ""},
                                   {"violation_file", "PNGDATA", "9845866566.png", "image/png"}});
  REQUIRE(sub.status == 200);
  CHECK(sub.json == Json{{"message", "success"}, {"state", "submitted"}});
  Response submitted = c.get("/violations/list?status=submitted");
  REQUIRE(submitted.json["data"].size() == 1);
  CHECK(submitted.json["data"][0]["image_url"].get<std::string>().find(
            "/violations/" + ids[0] + "/9845866566.png") != std::string::npos);

  CHECK(c.get("/violations/list?status=open").status == 400);
  CHECK(c.get("/violations/list?page_size=0").status == 400);
  CHECK(c.post_multipart("/violations/submit", {{"violation_id", "nope", "", ""},
                                                {"violation_file", "x", "a.png", "image/png"}})
            .status == 404);
  CHECK(
      c.post_multipart("/violations/submit", {{"violation_id", ids[1], "", ""}}).json["message"] ==
      "violation_file is required");
}
