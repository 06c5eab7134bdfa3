// Batches end to end (bolna-api.md sections 2.5, 4, 5; DECISIONS.md rows 4-7, 10, 13):
// upload, lifecycle on the manual clock, schedule rules, stop at each stage, counts,
// guardrails, cross-tenant 404. Never sleeps: the clock moves via the control API.
#include <map>

#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

constexpr const char* kStart = "2026-06-23T12:00:00+00:00";

// Makes `number` one of the account's numbers (batch from numbers must be owned).
void buy_number(TestClient& c, const std::string& number) {
  Response r = c.post("/phone-numbers/buy", Json{{"country", "US"}, {"phone_number", number}});
  REQUIRE(r.status == 200);
}

// Creates an agent whose calling window is [start, end) in the recipient's local time.
std::string create_guarded_agent(TestClient& c, int start_hour, int end_hour) {
  Json body = agent_body();
  body["agent_config"]["calling_guardrails"] = {{"call_start_hour", start_hour},
                                                {"call_end_hour", end_hour}};
  Response created = c.post("/v2/agent", body);
  REQUIRE(created.status == 201);
  return created.json["agent_id"].get<std::string>();
}

Response upload(TestClient& c, const std::string& agent_id, const std::string& csv,
                httplib::MultipartFormDataItems extra = {}) {
  httplib::MultipartFormDataItems items = {{"agent_id", agent_id, "", ""},
                                           {"file", csv, "contacts.csv", "text/csv"}};
  for (auto& item : extra) items.push_back(item);
  return c.post_multipart("/batches", items);
}

std::string upload_ok(TestClient& c, const std::string& agent_id, const std::string& csv,
                      httplib::MultipartFormDataItems extra = {}) {
  Response r = upload(c, agent_id, csv, std::move(extra));
  REQUIRE(r.status == 201);
  return r.json["batch_id"].get<std::string>();
}

Response schedule(TestClient& c, const std::string& id, const std::string& at,
                  const std::string& bypass = "") {
  httplib::MultipartFormDataItems items = {{"scheduled_at", at, "", ""}};
  if (!bypass.empty()) items.push_back({"bypass_call_guardrails", bypass, "", ""});
  return c.post_multipart("/batches/" + id + "/schedule", items);
}

Json get_batch(TestClient& c, const std::string& id) {
  Response r = c.get("/batches/" + id);
  REQUIRE(r.status == 200);
  return r.json;
}

Json executions(TestClient& c, const std::string& id) {
  Response r = c.get("/batches/" + id + "/executions");
  REQUIRE(r.status == 200);
  REQUIRE(r.json.is_array());
  return r.json;
}

// execution_status must equal the counts of the batch's executions by status.
void check_counts(TestClient& c, const std::string& id) {
  Json b = get_batch(c, id);
  std::map<std::string, int64_t> scanned, reported;
  for (const auto& e : executions(c, id)) scanned[e["status"].get<std::string>()] += 1;
  for (auto it = b["execution_status"].begin(); it != b["execution_status"].end(); ++it)
    reported[it.key()] = it.value().get<int64_t>();
  CHECK(scanned == reported);
}

std::string status_of(TestClient& c, const std::string& id) {
  return get_batch(c, id)["status"].get<std::string>();
}

const char* kThreeRows =
    "contact_number,name,plan\n"
    "+14155550100,Ana,gold\n"
    "+14155550110,Bo,silver\n"
    "+14155550111,Cy,bronze\n";

}  // namespace

TEST_CASE("batches: upload answers 201 and the batch object has every documented field") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_agent(c);
  buy_number(c, "+14155550190");
  buy_number(c, "+14155550191");
  Response r = upload(c, agent, std::string(kThreeRows) + "bad-number,Dee,none\n",
                      {{"from_phone_numbers", "+14155550190", "", ""},
                       {"from_phone_numbers", "+14155550191", "", ""}});
  REQUIRE(r.status == 201);
  CHECK(r.json["state"] == "created");
  std::string id = r.json["batch_id"].get<std::string>();
  CHECK(id.size() == 32);
  CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);

  Json b = get_batch(c, id);
  CHECK(b["batch_id"] == id);
  CHECK(b["status"] == "created");
  CHECK(b["scheduled_at"].is_null());
  CHECK(b["file_name"] == "contacts.csv");
  CHECK(b["valid_contacts"] == 3);
  CHECK(b["total_contacts"] == 4);
  CHECK(b["from_phone_numbers"] == Json::array({"+14155550190", "+14155550191"}));
  CHECK(b["from_phone_number"] == "+14155550190");
  CHECK(b["humanized_created_at"] == "just now");
  CHECK(b["created_at"] == "2026-06-23T12:00:00.000000+00:00");
  CHECK(b["updated_at"].is_string());
  CHECK(b["execution_status"] == Json{{"prepared", 3}});

  Json rows = executions(c, id);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["status"] == "prepared");
  CHECK(rows[0]["batch_id"] == id);
  CHECK(rows[0]["user_number"] == "+14155550100");
  CHECK(rows[0]["agent_number"] == "+14155550190");
  CHECK(rows[1]["agent_number"] == "+14155550191");
  CHECK(rows[0]["context_details"]["recipient_data"] == Json{{"name", "Ana"}, {"plan", "gold"}});
  CHECK(rows[0]["batch_run_details"]["status"] == "prepared");
  // Every row execution is readable on its own too.
  CHECK(c.get("/executions/" + rows[2]["id"].get<std::string>()).status == 200);

  advance(c, 19 * 60);
  CHECK(get_batch(c, id)["humanized_created_at"] == "19 minutes ago");
}

TEST_CASE(
    "batches: created -> processed -> scheduled -> running -> completed with consistent counts") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_agent(c);
  std::string id = upload_ok(c, agent, kThreeRows);
  check_counts(c, id);
  advance(c, 1);
  CHECK(status_of(c, id) == "created");
  advance(c, 1);
  CHECK(status_of(c, id) == "processed");
  check_counts(c, id);

  // 12:00:02 + 3 min = 12:03:02, rounded up to 12:10.
  Response s = schedule(c, id, "2026-06-23T12:03:02+00:00");
  REQUIRE(s.status == 200);
  CHECK(s.json == Json{{"message", "success"}, {"state", "scheduled"}});
  Json b = get_batch(c, id);
  CHECK(b["status"] == "scheduled");
  CHECK(b["scheduled_at"] == "2026-06-23T12:10:00.000000+00:00");
  check_counts(c, id);

  set_clock(c, "2026-06-23T12:09:59+00:00");
  CHECK(status_of(c, id) == "scheduled");
  CHECK(get_batch(c, id)["execution_status"] == Json{{"prepared", 3}});
  advance(c, 1);
  CHECK(status_of(c, id) == "running");
  Json counts = get_batch(c, id)["execution_status"];
  CHECK_FALSE(counts.contains("prepared"));
  check_counts(c, id);
  for (int i = 0; i < 6; ++i) {
    advance(c, 10);
    check_counts(c, id);
  }
  run_until_idle(c);
  b = get_batch(c, id);
  CHECK(b["status"] == "completed");
  CHECK(b["execution_status"] == Json{{"completed", 1}, {"no-answer", 1}, {"busy", 1}});
  check_counts(c, id);
  Json rows = executions(c, id);
  CHECK(rows[0]["status"] == "completed");
  CHECK(rows[1]["status"] == "busy");
  CHECK(rows[2]["status"] == "no-answer");
  CHECK(rows[0]["batch_run_details"]["status"] == "completed");
  CHECK(rows[0]["transcript"].get<std::string>().find("Ana") != std::string::npos);
}

TEST_CASE("batches: rows dial within the account's concurrency limit") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  REQUIRE(c.put("/__emulator/concurrency", Json{{"max", 2}}).status == 200);
  std::string agent = create_agent(c);
  std::string csv = "contact_number\n";
  for (int i = 0; i < 6; ++i) csv += "+14155550100\n";  // duplicates are separate rows
  std::string id = upload_ok(c, agent, csv);
  CHECK(get_batch(c, id)["valid_contacts"] == 6);
  REQUIRE(schedule(c, id, "2026-06-23T12:10:00+00:00").status == 200);
  set_clock(c, "2026-06-23T12:10:00+00:00");
  // At most two rows are ever past "queued" and not yet ended.
  for (int i = 0; i < 120; ++i) {
    int dialled = 0;
    for (const auto& e : executions(c, id)) {
      std::string s = e["status"].get<std::string>();
      if (s == "initiated" || s == "ringing" || s == "in-progress") ++dialled;
    }
    CHECK(dialled <= 2);
    check_counts(c, id);
    advance(c, 5);
  }
  run_until_idle(c);
  CHECK(get_batch(c, id)["execution_status"] == Json{{"completed", 6}});
  CHECK(status_of(c, id) == "completed");
}

TEST_CASE("batches: schedule rules and rounding (DECISIONS.md rows 4-6)") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_agent(c);
  std::string id = upload_ok(c, agent, kThreeRows);

  Response r = schedule(c, id, "2026-06-23T18:30:00.000Z");
  CHECK(r.status == 500);
  CHECK(r.json == Json{{"error", 500}, {"message", "Internal server error"}});
  r = schedule(c, id, "tomorrow at noon");
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().rfind("Parsing error", 0) == 0);
  r = schedule(c, id, "2026-06-23T12:01:59+00:00");
  CHECK(r.status == 400);
  CHECK(r.json["message"] == "Scheduled time should be atleast 2 minutes in the future");
  r = schedule(c, id, "2026-07-23T12:00:01+00:00");
  CHECK(r.status == 400);
  CHECK(r.json["message"] == "Scheduled time should be within 30 days");
  r = c.post_multipart("/batches/" + id + "/schedule",
                       {{"bypass_call_guardrails", "true", "", ""}});
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().rfind("scheduled_at is required", 0) == 0);
  r = schedule(c, id, "2026-06-23T12:20:00+00:00", "maybe");
  CHECK(r.status == 400);
  CHECK(status_of(c, id) == "created");

  // Exactly 2 minutes ahead is accepted and rounds to 12:10.
  REQUIRE(schedule(c, id, "2026-06-23T12:02:00+00:00").status == 200);
  CHECK(get_batch(c, id)["scheduled_at"] == "2026-06-23T12:10:00.000000+00:00");
  // A time already on a 10-minute mark stays.
  REQUIRE(schedule(c, id, "2026-06-23T12:20:00+00:00").status == 200);
  CHECK(get_batch(c, id)["scheduled_at"] == "2026-06-23T12:20:00.000000+00:00");
  // An offset converts to UTC before rounding: 18:05+05:30 = 12:35 UTC -> 12:40.
  REQUIRE(schedule(c, id, "2026-06-23T18:05:00+05:30").status == 200);
  CHECK(get_batch(c, id)["scheduled_at"] == "2026-06-23T12:40:00.000000+00:00");
  // Exactly 30 days ahead is accepted.
  REQUIRE(schedule(c, id, "2026-07-23T12:00:00+00:00").status == 200);
  CHECK(get_batch(c, id)["scheduled_at"] == "2026-07-23T12:00:00.000000+00:00");
  // Rescheduling moved the start: nothing runs at the earlier times.
  advance(c, 3600);
  CHECK(status_of(c, id) == "scheduled");

  // A JSON body is accepted too, and the legacy path with form fields.
  std::string id2 = upload_ok(c, agent, kThreeRows);
  r = c.post("/batches/" + id2 + "/schedule", Json{{"scheduled_at", "2026-06-23T13:11:00+00:00"}});
  REQUIRE(r.status == 200);
  CHECK(get_batch(c, id2)["scheduled_at"] == "2026-06-23T13:20:00.000000+00:00");
  r = c.post_multipart("/batches/schedule",
                       {{"agent_id", agent, "", ""},
                        {"batch_id", id2, "", ""},
                        {"scheduled_at", "2026-06-23T13:21:00+00:00", "", ""}});
  REQUIRE(r.status == 200);
  CHECK(get_batch(c, id2)["scheduled_at"] == "2026-06-23T13:30:00.000000+00:00");

  // Once running, a batch can no longer be scheduled.
  set_clock(c, "2026-06-23T13:30:00+00:00");
  CHECK(status_of(c, id2) == "running");
  r = schedule(c, id2, "2026-06-23T14:00:00+00:00");
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().find("running") != std::string::npos);
  CHECK(schedule(c, "0123456789abcdef0123456789abcdef", "2026-06-23T14:00:00+00:00").status == 404);
}

TEST_CASE("batches: upload errors") {
  Config config = manual_clock_config();
  config.max_upload_bytes = 4096;
  TestServer server(config);
  TestClient c = server.client();
  std::string agent = create_agent(c);
  buy_number(c, "+14155550190");

  Response r = c.post("/batches", Json{{"agent_id", agent}});
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().find("multipart/form-data") != std::string::npos);

  r = c.post_multipart("/batches", {{"file", kThreeRows, "b.csv", "text/csv"}});
  CHECK(r.status == 400);
  CHECK(r.json == Json{{"error", 1001}, {"message", "agent_id is required"}});

  r = c.post_multipart("/batches", {{"agent_id", agent, "", ""}});
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().rfind("file is required", 0) == 0);

  r = upload(c, "3c90c3cc-0d44-4b50-8888-8dd25736052a", kThreeRows);
  CHECK(r.status == 404);
  CHECK(r.json == Json{{"error", 404}, {"message", "Agent not found"}});

  r = upload(c, agent, "phone,name\n+14155550100,a\n");
  CHECK(r.status == 400);
  CHECK(r.json == Json{{"error", 400}, {"message", "contact_number column is required"}});

  r = upload(c, agent, "");
  CHECK(r.status == 400);
  CHECK(r.json == Json{{"error", 400}, {"message", "CSV file is empty"}});

  r = upload(c, agent, "contact_number,name\n+14155550100,\"open\n");
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().rfind("CSV file is malformed", 0) == 0);

  r = upload(c, agent, kThreeRows, {{"retry_config", "{not json", "", ""}});
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().find("retry_config") != std::string::npos);

  r = upload(c, agent, kThreeRows,
             {{"retry_config", R"({"enabled":true,"max_retries":9})", "", ""}});
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().find("max_retries") != std::string::npos);

  r = upload(c, agent, kThreeRows, {{"from_phone_numbers", "12345", "", ""}});
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().find("from_phone_numbers") != std::string::npos);

  r = upload(c, agent, "contact_number\n" + std::string(5000, '1') + "\n");
  CHECK(r.status == 413);
  CHECK(r.json["error"] == 413);

  // An invalid webhook_url is silently ignored; the legacy from_phone_number is accepted.
  r = upload(c, agent, kThreeRows,
             {{"webhook_url", "not a url", "", ""}, {"from_phone_number", "+14155550190", "", ""}});
  REQUIRE(r.status == 201);
  Json b = get_batch(c, r.json["batch_id"].get<std::string>());
  CHECK(b["from_phone_numbers"] == Json::array({"+14155550190"}));
  CHECK(b["from_phone_number"] == "+14155550190");
  // A file without a name is called batch.csv.
  r = c.post_multipart("/batches", {{"agent_id", agent, "", ""}, {"file", kThreeRows, "", ""}});
  REQUIRE(r.status == 201);
  CHECK(get_batch(c, r.json["batch_id"].get<std::string>())["file_name"] == "batch.csv");
}

TEST_CASE("batches: CSV quirks reach the executions") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string csv =
      "\xEF\xBB\xBF"
      "contact_number,name,note\r\n"
      "+14155550100,\"Doe, Jane\",\"line1\nline2 \"\"quoted\"\"\"\r\n"
      "+14155550101,Short\r\n"
      "14155550102,no plus,x\r\n"
      "+14155550100,dup,y\r\n"
      "\r\n";
  std::string id = upload_ok(c, agent, csv);
  Json b = get_batch(c, id);
  CHECK(b["total_contacts"] == 4);
  CHECK(b["valid_contacts"] == 3);
  Json rows = executions(c, id);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["context_details"]["recipient_data"] ==
        Json{{"name", "Doe, Jane"}, {"note", "line1\nline2 \"quoted\""}});
  CHECK(rows[1]["context_details"]["recipient_data"] == Json{{"name", "Short"}, {"note", ""}});
  CHECK(rows[2]["context_details"]["recipient_data"]["name"] == "dup");
}

TEST_CASE("batches: stop at each stage") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  REQUIRE(c.put("/__emulator/concurrency", Json{{"max", 1}}).status == 200);
  std::string agent = create_agent(c);
  const Json not_stoppable = {{"message", "Batch is not queued or running"}};

  std::string id = upload_ok(c, agent, kThreeRows);
  Response r = c.post("/batches/" + id + "/stop");
  CHECK(r.status == 404);
  CHECK(r.json == not_stoppable);  // created
  advance(c, 5);
  r = c.post("/batches/" + id + "/stop");
  CHECK(r.status == 404);
  CHECK(r.json == not_stoppable);  // processed

  // scheduled: every row ends stopped, nothing dials later.
  REQUIRE(schedule(c, id, "2026-06-23T12:10:00+00:00").status == 200);
  r = c.post("/batches/" + id + "/stop");
  REQUIRE(r.status == 200);
  CHECK(r.json == Json{{"message", "success"}, {"state", "stopped"}});
  CHECK(status_of(c, id) == "stopped");
  CHECK(get_batch(c, id)["execution_status"] == Json{{"stopped", 3}});
  check_counts(c, id);
  run_until_idle(c);
  CHECK(status_of(c, id) == "stopped");
  CHECK(get_batch(c, id)["execution_status"] == Json{{"stopped", 3}});
  r = c.post("/batches/" + id + "/stop");
  CHECK(r.status == 404);
  CHECK(r.json == not_stoppable);  // stopped
  CHECK(schedule(c, id, "2026-06-23T13:00:00+00:00").status == 400);

  // running: the dialled call finishes, the queued rows stop.
  std::string id2 = upload_ok(c, agent, kThreeRows);
  REQUIRE(schedule(c, id2, "2026-06-23T13:00:00+00:00").status == 200);
  set_clock(c, "2026-06-23T13:00:30+00:00");
  CHECK(status_of(c, id2) == "running");
  CHECK(executions(c, id2)[0]["status"] != "queued");  // dialled already
  r = c.post("/batches/" + id2 + "/stop");
  REQUIRE(r.status == 200);
  CHECK(status_of(c, id2) == "stopped");
  Json counts = get_batch(c, id2)["execution_status"];
  CHECK(counts["stopped"] == 2);
  check_counts(c, id2);
  run_until_idle(c);
  CHECK(status_of(c, id2) == "stopped");
  CHECK(get_batch(c, id2)["execution_status"] == Json{{"completed", 1}, {"stopped", 2}});
  check_counts(c, id2);

  // completed
  std::string id3 = upload_ok(c, agent, "contact_number\n+14155550100\n");
  REQUIRE(schedule(c, id3, "2026-06-23T14:00:00+00:00").status == 200);
  run_until_idle(c);
  CHECK(status_of(c, id3) == "completed");
  r = c.post("/batches/" + id3 + "/stop");
  CHECK(r.status == 404);
  CHECK(r.json == not_stoppable);
  // unknown batch
  r = c.post("/batches/0123456789abcdef0123456789abcdef/stop");
  CHECK(r.status == 404);
  CHECK(r.json == not_stoppable);
}

TEST_CASE("batches: list by agent, paginated executions, delete, agent delete cascades") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_agent(c);
  std::string other_agent = create_agent(c, "Other");
  std::string a = upload_ok(c, agent, kThreeRows);
  std::string b = upload_ok(c, agent, kThreeRows);
  std::string o = upload_ok(c, other_agent, kThreeRows);

  Response r = c.get("/batches/" + agent + "/all");
  REQUIRE(r.status == 200);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 2);
  CHECK(r.json[0]["batch_id"] == a);
  CHECK(r.json[1]["batch_id"] == b);
  CHECK(c.get("/batches/3c90c3cc-0d44-4b50-8888-8dd25736052a/all").status == 404);

  r = c.get("/batches/" + a + "/executions?page_size=2");
  REQUIRE(r.status == 200);
  CHECK(r.json["data"].size() == 2);
  CHECK(r.json["total"] == 3);
  CHECK(r.json["has_more"] == true);
  CHECK(r.json["page_number"] == 1);
  CHECK(r.json["page_size"] == 2);
  r = c.get("/batches/" + a + "/executions?page_number=2&page_size=2");
  CHECK(r.json["data"].size() == 1);
  CHECK(r.json["has_more"] == false);
  CHECK(c.get("/batches/" + a + "/executions?page_size=51").status == 400);
  CHECK(c.get("/batches/" + a + "/executions?page_number=zero").status == 400);

  // Delete: the batch is gone, its rows are stopped and never dial.
  std::string row = executions(c, a)[0]["id"].get<std::string>();
  r = c.del("/batches/" + a);
  REQUIRE(r.status == 200);
  CHECK(r.json == Json{{"message", "success"}, {"state", "deleted"}});
  r = c.get("/batches/" + a);
  CHECK(r.status == 404);
  CHECK(r.json == Json{{"error", 404}, {"message", "Batch not found"}});
  CHECK(c.del("/batches/" + a).status == 404);
  CHECK(c.get("/batches/" + a + "/executions").status == 404);
  CHECK(c.get("/executions/" + row).json["status"] == "stopped");

  // Deleting the agent deletes its batches.
  REQUIRE(c.del("/v2/agent/" + agent).status == 200);
  CHECK(c.get("/batches/" + b).status == 404);
  CHECK(c.get("/batches/" + o).status == 200);
}

TEST_CASE("batches: another tenant's batch answers 404 everywhere") {
  TestServer server(manual_clock_config());
  TestClient c = server.client("tenant-a");
  TestClient other = server.client("tenant-b");
  std::string agent = create_agent(c);
  std::string id = upload_ok(c, agent, kThreeRows);
  CHECK(other.get("/batches/" + id).status == 404);
  CHECK(other.get("/batches/" + id + "/executions").status == 404);
  CHECK(other.get("/batches/" + agent + "/all").status == 404);
  CHECK(schedule(other, id, "2026-06-23T12:10:00+00:00").status == 404);
  CHECK(other.post("/batches/" + id + "/stop").status == 404);
  CHECK(other.del("/batches/" + id).status == 404);
  CHECK(upload(other, agent, kThreeRows).status == 404);
  CHECK(c.get("/batches/" + id).status == 200);
}

TEST_CASE("batches: retry_config retries rows as single calls do") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_agent(c);
  std::string id = upload_ok(
      c, agent, "contact_number\n+14155550110\n+14155550100\n",
      {{"retry_config", R"({"enabled":true,"max_retries":2,"retry_intervals_minutes":[15,30]})", "",
        ""}});
  REQUIRE(schedule(c, id, "2026-06-23T12:10:00+00:00").status == 200);
  set_clock(c, "2026-06-23T12:12:00+00:00");
  // The busy row has ended once and waits for its retry: the batch is still running.
  Json rows = executions(c, id);
  CHECK(rows[0]["status"] == "scheduled");
  CHECK(rows[0]["retry_count"] == 1);
  CHECK(status_of(c, id) == "running");
  check_counts(c, id);
  run_until_idle(c);
  rows = executions(c, id);
  CHECK(rows[0]["status"] == "busy");
  CHECK(rows[0]["retry_count"] == 2);
  CHECK(rows[0]["batch_run_details"]["retried"] == 2);
  CHECK(status_of(c, id) == "completed");
  check_counts(c, id);
}

TEST_CASE("batches: an empty-contact batch completes when it starts") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_agent(c);
  std::string id = upload_ok(c, agent, "contact_number\nnot-a-number\n");
  Json b = get_batch(c, id);
  CHECK(b["valid_contacts"] == 0);
  CHECK(b["total_contacts"] == 1);
  CHECK(b["execution_status"] == Json::object());
  REQUIRE(schedule(c, id, "2026-06-23T12:10:00+00:00").status == 200);
  set_clock(c, "2026-06-23T12:10:00+00:00");
  CHECK(status_of(c, id) == "completed");
}

TEST_CASE("guardrails: a batch row outside the window is rescheduled to the window start") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_guarded_agent(c, 9, 17);
  // +1 is UTC-05:00 in the table: 12:10 UTC is 07:10 local, the window opens 14:00 UTC.
  // +91 is UTC+05:30: 12:10 UTC is 17:40 local, the window opens 03:30 UTC next day.
  // +44 is UTC: 12:10 is inside 09-17.
  std::string csv = "contact_number\n+14155550100\n+919876543210\n+447700900000\n";
  std::string held = upload_ok(c, agent, csv);
  std::string bypass = upload_ok(c, agent, csv);
  REQUIRE(schedule(c, held, "2026-06-23T12:10:00+00:00").status == 200);
  REQUIRE(schedule(c, bypass, "2026-06-23T12:10:00+00:00", "true").status == 200);
  set_clock(c, "2026-06-23T12:10:00+00:00");
  Json rows = executions(c, held);
  CHECK(rows[0]["status"] == "rescheduled");
  CHECK(rows[0]["rescheduled_at"] == "2026-06-23T14:00:00.000000+00:00");
  CHECK(rows[1]["status"] == "rescheduled");
  CHECK(rows[1]["rescheduled_at"] == "2026-06-24T03:30:00.000000+00:00");
  CHECK(rows[2]["status"] != "rescheduled");
  check_counts(c, held);
  for (const auto& e : executions(c, bypass)) CHECK(e["status"] != "rescheduled");

  set_clock(c, "2026-06-23T14:00:00+00:00");
  rows = executions(c, held);
  CHECK(rows[0]["status"] != "rescheduled");
  CHECK(rows[1]["status"] == "rescheduled");
  CHECK(status_of(c, held) == "running");
  run_until_idle(c);
  CHECK(status_of(c, held) == "completed");
  CHECK(get_batch(c, held)["execution_status"] == Json{{"completed", 3}});
  // A rescheduled row is stoppable like a queued one.
}

TEST_CASE("guardrails: single calls are held too unless bypass_call_guardrails") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_guarded_agent(c, 9, 17);

  Response r =
      c.post("/call", Json{{"agent_id", agent}, {"recipient_phone_number", "+14155550100"}});
  REQUIRE(r.status == 200);
  std::string held = r.json["execution_id"].get<std::string>();
  Json e = c.get("/executions/" + held).json;
  CHECK(e["status"] == "rescheduled");
  CHECK(e["rescheduled_at"] == "2026-06-23T14:00:00.000000+00:00");

  r = c.post("/call", Json{{"agent_id", agent},
                           {"recipient_phone_number", "+14155550100"},
                           {"bypass_call_guardrails", true}});
  REQUIRE(r.status == 200);
  CHECK(c.get("/executions/" + r.json["execution_id"].get<std::string>()).json["status"] !=
        "rescheduled");

  // A rescheduled call can be stopped; another one dials when the window opens.
  r = c.post("/call", Json{{"agent_id", agent}, {"recipient_phone_number", "+14155550100"}});
  std::string stopped = r.json["execution_id"].get<std::string>();
  CHECK(c.post("/call/" + stopped + "/stop").status == 200);
  run_until_idle(c);
  CHECK(c.get("/executions/" + held).json["status"] == "completed");
  CHECK(c.get("/executions/" + stopped).json["status"] == "stopped");

  // Without guardrails nothing is held.
  std::string plain = create_agent(c, "Plain");
  set_clock(c, "2026-06-25T02:00:00+00:00");
  r = c.post("/call", Json{{"agent_id", plain}, {"recipient_phone_number", "+14155550100"}});
  CHECK(c.get("/executions/" + r.json["execution_id"].get<std::string>()).json["status"] !=
        "rescheduled");
}

TEST_CASE("batches: reset forgets batches") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string id = upload_ok(c, agent, kThreeRows);
  REQUIRE(c.post("/__emulator/reset").status == 200);
  CHECK(c.get("/batches/" + id).status == 404);
}

TEST_CASE("batches: a 100000-row CSV is accepted, processed and run to completion") {
  const int rows = kSanitized ? 10000 : 100000;  // 10,000 under ASan/TSan
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, kStart);
  REQUIRE(c.put("/__emulator/wallet", Json{{"balance", 1e9}}).status == 200);
  REQUIRE(c.put("/__emulator/concurrency", Json{{"max", 1000}}).status == 200);
  std::string agent = create_agent(c);
  std::string csv = "contact_number,name\n";
  for (int i = 0; i < rows; ++i)
    csv += "+9198" + std::to_string(10000000 + i) + ",C" + std::to_string(i) + "\n";
  std::string id = upload_ok(c, agent, csv);
  Json b = get_batch(c, id);
  CHECK(b["valid_contacts"] == rows);
  CHECK(b["execution_status"] == Json{{"prepared", rows}});
  advance(c, 2);
  CHECK(status_of(c, id) == "processed");
  REQUIRE(schedule(c, id, "2026-06-23T12:05:00+00:00").status == 200);
  Response r = c.post("/__emulator/clock/run-until-idle", Json{{"max_events", 0}});
  REQUIRE(r.status == 200);
  b = get_batch(c, id);
  CHECK(b["status"] == "completed");
  CHECK(b["execution_status"] == Json{{"completed", rows}});
  r = c.get("/batches/" + id + "/executions?page_number=" + std::to_string(rows / 20) + "&page_size=20");
  REQUIRE(r.status == 200);
  CHECK(r.json["data"].size() == 20);
  CHECK(r.json["data"][19]["status"] == "completed");
}

TEST_CASE("batches: live profile shows naive stamps but scheduled_at keeps +00:00") {
  Config config = manual_clock_config();
  config.profile = Profile::kLive;
  TestServer server(config);
  TestClient c = server.client();
  set_clock(c, kStart);
  std::string agent = create_agent(c);
  std::string id = upload_ok(c, agent, kThreeRows);
  REQUIRE(schedule(c, id, "2026-06-23T12:04:00+00:00").status == 200);
  Json b = get_batch(c, id);
  CHECK(b["created_at"] == "2026-06-23T12:00:00.000000");
  CHECK(b["scheduled_at"] == "2026-06-23T12:10:00.000000+00:00");
}

TEST_CASE("batches: from_phone_numbers must be numbers of the account") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string csv = "contact_number,name\n+919876543210,Asha\n";
  Response foreign = upload(c, agent, csv, {{"from_phone_numbers", "+14155550123", "", ""}});
  CHECK(foreign.status == 400);
  CHECK(foreign.json["message"] ==
        "from_phone_numbers: +14155550123 is not a phone number of your account (see GET "
        "/phone-numbers/all)");
  Response own = upload(c, agent, csv, {{"from_phone_numbers", "+12025550100", "", ""}});
  CHECK(own.status == 201);
  // Without from numbers, rows use the account's default number.
  Response plain = upload(c, agent, csv);
  REQUIRE(plain.status == 201);
  Response rows = c.get("/batches/" + plain.json["batch_id"].get<std::string>() + "/executions");
  REQUIRE(rows.json.size() == 1);
  CHECK(rows.json[0]["agent_number"] == "+12025550100");
}
