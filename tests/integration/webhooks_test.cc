// Webhooks: delivery on every status change (order, body equality with GET, headers),
// retries on the virtual clock, receiver down/up, timeouts, redelivery, the journal,
// flush, extra headers, the sink, isolation from a hanging receiver. Receivers are real
// HTTP servers on loopback (tests/webhook_receiver.h); time moves only by the manual
// clock, and flush is the synchronisation point (no sleeps).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "test_support.h"
#include "webhook_receiver.h"

namespace bolna::testing {

namespace {

std::string hook_agent(TestClient& c, const std::string& url) {
  Json body = agent_body("Hooked");
  body["agent_config"]["webhook_url"] = url;
  Response r = c.post("/v2/agent", body);
  REQUIRE(r.status == 201);
  return r.json["agent_id"].get<std::string>();
}

std::string place(TestClient& c, const std::string& agent_id,
                  const std::string& number = "+14155550100") {
  Response r = c.post("/call", Json{{"agent_id", agent_id}, {"recipient_phone_number", number}});
  REQUIRE(r.status == 200);
  return r.json["execution_id"].get<std::string>();
}

Json flush(TestClient& c, int timeout_ms = 10000) {
  Response r = c.post("/__emulator/webhooks/flush", Json{{"timeout_ms", timeout_ms}});
  REQUIRE(r.status == 200);
  return r.json;
}

void settle(TestClient& c) {
  Json f = flush(c);
  REQUIRE(f["done"] == true);
}

std::vector<std::string> timeline_statuses(TestClient& c, const std::string& id) {
  Response r = c.get("/__emulator/executions/" + id + "/timeline");
  REQUIRE(r.status == 200);
  std::vector<std::string> out;
  for (const auto& change : r.json["timeline"]) out.push_back(change["to"].get<std::string>());
  return out;
}

std::vector<std::string> statuses_of(const std::vector<ReceivedHook>& hooks,
                                     const std::string& id) {
  std::vector<std::string> out;
  for (const auto& h : hooks)
    if (h.body.is_object() && h.body.value("id", "") == id)
      out.push_back(h.body["status"].get<std::string>());
  return out;
}

Json journal(TestClient& c, const std::string& execution_id = "") {
  Response r =
      c.get("/__emulator/webhooks" + (execution_id.empty() ? "" : "?execution_id=" + execution_id));
  REQUIRE(r.status == 200);
  return r.json;
}

}  // namespace

TEST_CASE("webhooks: each status change is posted in order with the body GET returns then") {
  WebhookReceiver receiver;
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = hook_agent(c, receiver.url("/hook?src=emu"));
  std::string id = place(c, agent);
  settle(c);
  // Step from one due transition to the next; after each, the newest delivery equals GET.
  for (int i = 0; i < 50; ++i) {
    Response clock = c.get("/__emulator/clock");
    if (clock.json["next_due"].is_null()) break;
    REQUIRE(c.post("/__emulator/clock/advance", Json{{"to", clock.json["next_due"]}}).status ==
            200);
    settle(c);
    auto got = receiver.accepted();
    REQUIRE(!got.empty());
    CHECK(got.back().body == c.get("/executions/" + id).json);
  }
  auto got = receiver.accepted();
  std::vector<std::string> expected = timeline_statuses(c, id);
  CHECK(expected.size() >= 5);
  CHECK(expected.back() == "completed");
  CHECK(statuses_of(got, id) == expected);
  const ReceivedHook& first = got.front();
  CHECK(first.path == "/hook?src=emu");
  CHECK(first.header("Content-Type") == "application/json");
  CHECK(first.header("User-Agent") == std::string("bolna-emulator/") + BOLNA_EMULATOR_VERSION);
  CHECK(first.header("X-Bolna-Signature").empty());
  CHECK(first.header("Authorization").empty());
  // The journal lists every attempt, all delivered on the first try.
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Json& a = j["attempts"][i];
    CHECK(a["status"] == expected[i]);
    CHECK(a["execution_id"] == id);
    CHECK(a["type"] == "execution");
    CHECK(a["attempt"] == 1);
    CHECK(a["response_code"] == 200);
    CHECK(a["error"].is_null());
    CHECK(a["result"] == "delivered");
    CHECK(a["url"] == receiver.url("/hook?src=emu"));
    CHECK(a["latency_ms"].is_number());
    CHECK(a["virtual_time"].is_string());
    CHECK(a["wall_time"].is_string());
  }
  // The timeline shows the same attempts.
  Response tl = c.get("/__emulator/executions/" + id + "/timeline");
  CHECK(tl.json["deliveries"] == j["attempts"]);
}

TEST_CASE("webhooks: every status of every built-in outcome is delivered") {
  WebhookReceiver receiver;
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = hook_agent(c, receiver.url());
  std::vector<std::string> ids;
  for (const char* last :
       {"00", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}) {
    Json body{{"agent_id", agent}, {"recipient_phone_number", std::string("+141555501") + last}};
    if (std::string(last) == "18")
      body["retry_config"] = Json{{"enabled", true},
                                  {"max_retries", 1},
                                  {"retry_on_statuses", {"busy"}},
                                  {"retry_intervals_minutes", {1}}};
    Response r = c.post("/call", body);
    REQUIRE(r.status == 200);
    ids.push_back(r.json["execution_id"].get<std::string>());
  }
  settle(c);
  run_until_idle(c);
  settle(c);
  auto got = receiver.accepted();
  for (const auto& id : ids) {
    CAPTURE(id);
    std::vector<std::string> expected = timeline_statuses(c, id);
    CHECK(expected.size() >= 2);
    CHECK(statuses_of(got, id) == expected);
    // The last body equals what GET returns now.
    for (auto it = got.rbegin(); it != got.rend(); ++it)
      if (it->body.value("id", "") == id) {
        CHECK(it->body == c.get("/executions/" + id).json);
        break;
      }
  }
}

TEST_CASE("webhooks: a 500 is retried with backoff on the virtual clock, order kept") {
  WebhookReceiver receiver;
  receiver.fail_next(2, 500);
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string id = place(c, hook_agent(c, receiver.url()));
  settle(c);
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() == 1);
  CHECK(j["attempts"][0]["response_code"] == 500);
  CHECK(j["attempts"][0]["result"] == "retrying");
  CHECK(j["attempts"][0]["error"] == "receiver answered HTTP 500");
  CHECK(j["waiting_retry"] == 1);
  std::string first_status = j["attempts"][0]["status"];
  // The retry is due 30 s (default backoff) after the failure, on the tenant's clock.
  TimePoint failed_at = parse_iso8601(j["attempts"][0]["virtual_time"].get<std::string>())->utc;
  TimePoint retry_at = parse_iso8601(j["attempts"][0]["next_attempt_at"].get<std::string>())->utc;
  CHECK(retry_at - failed_at == std::chrono::seconds(30));

  advance(c, 29);  // the call moves on; its later deliveries wait behind the retry
  settle(c);
  j = journal(c, id);
  CHECK(j["attempts"].size() == 1);
  CHECK(j["waiting_retry"].get<int>() >= 2);

  advance(c, 1);  // retry 1 fails again; the next one waits 60 s
  settle(c);
  j = journal(c, id);
  REQUIRE(j["attempts"].size() == 2);
  CHECK(j["attempts"][1]["attempt"] == 2);
  CHECK(j["attempts"][1]["response_code"] == 500);
  CHECK(j["attempts"][1]["delivery_id"] == j["attempts"][0]["delivery_id"]);
  TimePoint second_at = parse_iso8601(j["attempts"][1]["virtual_time"].get<std::string>())->utc;
  TimePoint third_due = parse_iso8601(j["attempts"][1]["next_attempt_at"].get<std::string>())->utc;
  CHECK(third_due - second_at == std::chrono::seconds(60));

  advance(c, 60);  // third attempt succeeds, then everything queued behind it goes out
  settle(c);
  run_until_idle(c);
  settle(c);
  j = journal(c, id);
  CHECK(j["attempts"][2]["attempt"] == 3);
  CHECK(j["attempts"][2]["status"] == first_status);
  CHECK(j["attempts"][2]["result"] == "delivered");
  CHECK(j["waiting_retry"] == 0);
  CHECK(statuses_of(receiver.accepted(), id) == timeline_statuses(c, id));
  CHECK(receiver.all().size() == receiver.accepted().size() + 2);
}

TEST_CASE("webhooks: a delivery that keeps failing gives up after --webhook-attempts") {
  WebhookReceiver receiver;
  receiver.fail_next(2, 503);
  Config config = manual_clock_config();
  config.webhook_attempts = 2;
  config.webhook_backoff = 5;
  TestServer server(config);
  TestClient c = server.client();
  std::string id = place(c, hook_agent(c, receiver.url()));
  settle(c);
  advance(c, 5);
  settle(c);
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() >= 2);
  CHECK(j["attempts"][1]["attempt"] == 2);
  CHECK(j["attempts"][1]["response_code"] == 503);
  CHECK(j["attempts"][1]["result"] == "failed");
  CHECK(j["attempts"][1]["next_attempt_at"].is_null());
  run_until_idle(c);
  settle(c);
  // The failed status is lost; every later one arrives, in order.
  std::vector<std::string> expected = timeline_statuses(c, id);
  expected.erase(expected.begin());
  CHECK(statuses_of(receiver.accepted(), id) == expected);
}

TEST_CASE("webhooks: a receiver that is down and later up loses nothing") {
  int port = 0;
  {
    WebhookReceiver probe;  // find a free port, then leave it closed
    port = probe.port();
  }
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string id = place(c, hook_agent(c, "http://127.0.0.1:" + std::to_string(port) + "/up"));
  settle(c);
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() == 1);
  CHECK(j["attempts"][0]["response_code"].is_null());
  CHECK(j["attempts"][0]["error"] == "connection refused or unreachable");
  CHECK(j["attempts"][0]["result"] == "retrying");

  WebhookReceiver receiver(port);
  advance(c, 30);
  settle(c);
  run_until_idle(c);
  settle(c);
  CHECK(statuses_of(receiver.accepted(), id) == timeline_statuses(c, id));
  CHECK(journal(c, id)["attempts"][1]["result"] == "delivered");
}

TEST_CASE("webhooks: a receiver slower than --webhook-timeout counts as a failure") {
  WebhookReceiver receiver;
  receiver.hang();
  Config config = manual_clock_config();
  config.webhook_timeout = 0.3;
  TestServer server(config);
  TestClient c = server.client();
  std::string id = place(c, hook_agent(c, receiver.url()));
  settle(c);
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() == 1);
  CHECK(j["attempts"][0]["error"] == "timeout after 0.300000 s");
  CHECK(j["attempts"][0]["response_code"].is_null());
  CHECK(j["attempts"][0]["latency_ms"].get<double>() >= 250.0);
  CHECK(j["attempts"][0]["result"] == "retrying");
  receiver.release();
  advance(c, 30);
  settle(c);
  run_until_idle(c);
  settle(c);
  CHECK(statuses_of(receiver.accepted(), id) == timeline_statuses(c, id));
}

TEST_CASE("webhooks: flush is bounded by timeout_ms and reports what is left") {
  WebhookReceiver receiver;
  receiver.hang();
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  place(c, hook_agent(c, receiver.url()));
  auto started = std::chrono::steady_clock::now();
  Json f = flush(c, 100);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(f["done"] == false);
  CHECK(f["in_flight"] == 1);
  receiver.release();
  f = flush(c);
  CHECK(f["done"] == true);
  CHECK(f["in_flight"] == 0);
  CHECK(f["queued"] == 0);
  CHECK(c.post("/__emulator/webhooks/flush", Json{{"timeout_ms", -1}}).status == 400);
  CHECK(c.post("/__emulator/webhooks/flush", Json{{"timeout_ms", "1"}}).status == 400);
  CHECK(c.post("/__emulator/webhooks/flush").status == 200);  // default timeout
}

TEST_CASE("webhooks: redeliver sends a journaled body again") {
  WebhookReceiver receiver;
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string id = place(c, hook_agent(c, receiver.url()));
  settle(c);
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() == 1);
  uint64_t attempt_id = j["attempts"][0]["id"];
  Response r = c.post("/__emulator/webhooks/" + std::to_string(attempt_id) + "/redeliver");
  REQUIRE(r.status == 200);
  CHECK(r.json["redelivery_of"] == attempt_id);
  settle(c);
  auto got = receiver.accepted();
  REQUIRE(got.size() == 2);
  CHECK(got[1].raw == got[0].raw);
  j = journal(c, id);
  REQUIRE(j["attempts"].size() == 2);
  CHECK(j["attempts"][1]["redelivery_of"] == attempt_id);
  CHECK(j["attempts"][1]["delivery_id"] == r.json["delivery_id"]);
  CHECK(j["attempts"][1]["result"] == "delivered");

  Response missing = c.post("/__emulator/webhooks/999999/redeliver");
  CHECK(missing.status == 404);
  CHECK(missing.json["message"] == "Webhook attempt not found");
  CHECK(c.post("/__emulator/webhooks/abc/redeliver").status == 400);
  // Another tenant cannot redeliver (or see) this tenant's attempts.
  TestClient other = server.client("other-key");
  CHECK(other.post("/__emulator/webhooks/" + std::to_string(attempt_id) + "/redeliver").status ==
        404);
  CHECK(journal(other)["attempts"].empty());
}

TEST_CASE("webhooks: per-agent extra headers are added to every delivery") {
  WebhookReceiver receiver;
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = hook_agent(c, receiver.url());
  Response put = c.put("/__emulator/agents/" + agent + "/webhook-headers",
                       Json{{"X-Tenant", "acme"}, {"Authorization", "Bearer abc"}});
  REQUIRE(put.status == 200);
  CHECK(put.json["headers"]["X-Tenant"] == "acme");
  CHECK(c.get("/__emulator/agents/" + agent + "/webhook-headers").json["headers"] ==
        put.json["headers"]);
  place(c, agent);
  settle(c);
  auto got = receiver.accepted();
  REQUIRE(got.size() == 1);
  CHECK(got[0].header("X-Tenant") == "acme");
  CHECK(got[0].header("Authorization") == "Bearer abc");
  CHECK(got[0].header("Content-Type") == "application/json");

  CHECK(c.put("/__emulator/agents/" + agent + "/webhook-headers", Json{{"Bad Name", "x"}}).status ==
        400);
  Response ct = c.put("/__emulator/agents/" + agent + "/webhook-headers",
                      Json{{"Content-Type", "text/plain"}});
  CHECK(ct.status == 400);
  CHECK(ct.json["message"] ==
        "Header Content-Type is set by the emulator and cannot be overridden");
  CHECK(c.put("/__emulator/agents/" + agent + "/webhook-headers", Json{{"X-A", 1}}).status == 400);
  CHECK(c.put("/__emulator/agents/" + agent + "/webhook-headers", Json::array()).status == 400);
  CHECK(c.put("/__emulator/agents/nope/webhook-headers", Json::object()).status == 404);
  CHECK(c.get("/__emulator/agents/nope/webhook-headers").status == 404);
}

TEST_CASE("webhooks: the built-in sink receives deliveries and needs no key") {
  Config config = manual_clock_config();
  config.admin_token = "s3cret";
  TestServer server(config);
  TestClient c = server.client();
  std::string sink = server.app().public_url() + "/__emulator/sink/calls";
  std::string id = place(c, hook_agent(c, sink));
  settle(c);
  run_until_idle(c);
  settle(c);
  TestClient anonymous = server.client("");
  Response got = anonymous.get("/__emulator/sink/calls");
  REQUIRE(got.status == 200);
  std::vector<std::string> statuses;
  for (const auto& b : got.json["bodies"]) statuses.push_back(b["status"]);
  CHECK(statuses == timeline_statuses(c, id));
  CHECK(got.json["bodies"].back() == c.get("/executions/" + id).json);
  CHECK(got.json["received"] == statuses.size());
  CHECK(got.json["dropped"] == 0);

  // Anyone can post; a non-JSON body is kept as a string.
  CHECK(anonymous.send("POST", "/__emulator/sink/raw", "hello", "text/plain").status == 200);
  CHECK(anonymous.get("/__emulator/sink/raw").json["bodies"] == Json::array({"hello"}));
  CHECK(anonymous.get("/__emulator/sink/never").json["bodies"] == Json::array());

  CHECK(anonymous.del("/__emulator/sink/calls").status == 200);
  CHECK(anonymous.get("/__emulator/sink/calls").json["bodies"].empty());

  // Resetting every tenant (admin) clears every sink.
  Response reset = anonymous.send("POST", "/__emulator/reset", R"({"all": true})",
                                  "application/json", {{"X-Emulator-Admin-Token", "s3cret"}});
  CHECK(reset.status == 200);
  CHECK(anonymous.get("/__emulator/sink/raw").json["bodies"].empty());
}

TEST_CASE("webhooks: reset forgets the tenant's journal and pending retries") {
  WebhookReceiver receiver;
  receiver.fail_next(1, 500);
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  place(c, hook_agent(c, receiver.url()));
  settle(c);
  CHECK(journal(c)["attempts"].size() == 1);
  CHECK(journal(c)["waiting_retry"] == 1);
  REQUIRE(c.post("/__emulator/reset").status == 200);
  Json j = journal(c);
  CHECK(j["attempts"].empty());
  CHECK(j["waiting_retry"] == 0);
  CHECK(c.get("/__emulator/clock").json["pending"] == 0);
}

TEST_CASE("webhooks: an agent without webhook_url, or an unusable URL, posts nothing") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string plain = create_agent(c);
  place(c, plain);
  settle(c);
  CHECK(journal(c)["attempts"].empty());

  std::string bad = hook_agent(c, "ftp://example.invalid/hook");
  std::string id = place(c, bad);
  settle(c);
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() == 1);
  CHECK(j["attempts"][0]["result"] == "failed");  // never retried
  CHECK(j["attempts"][0]["error"] == "unsupported URL scheme 'ftp' (expected http or https)");
}

TEST_CASE("webhooks: a hanging receiver slows neither the API nor other tenants") {
  WebhookReceiver stuck;
  stuck.hang();
  WebhookReceiver healthy;
  Config config = manual_clock_config();
  config.webhook_timeout = 30;  // the hang (released below) must not time out
  TestServer server(config);
  TestClient a = server.client("tenant-a");
  TestClient b = server.client("tenant-b");
  std::string agent_a = hook_agent(a, stuck.url());
  std::vector<std::string> ids_a;
  for (int i = 0; i < 4; ++i) ids_a.push_back(place(a, agent_a));
  // Tenant A's receiver now holds its deliveries; its API answers at once.
  for (int i = 0; i < 10; ++i) {
    auto started = std::chrono::steady_clock::now();
    Response r = a.get("/executions/" + ids_a[0]);
    CHECK(r.status == 200);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(500));
  }
  auto started = std::chrono::steady_clock::now();
  place(a, agent_a);
  REQUIRE(a.post("/__emulator/clock/run-until-idle").status == 200);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));

  // Tenant B's deliveries go through while A's receiver hangs.
  std::string id_b = place(b, hook_agent(b, healthy.url()));
  started = std::chrono::steady_clock::now();
  settle(b);
  run_until_idle(b);
  settle(b);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(statuses_of(healthy.accepted(), id_b) == timeline_statuses(b, id_b));
  CHECK(flush(a, 50)["done"] == false);

  stuck.release();
  settle(a);
  run_until_idle(a);
  settle(a);
  for (const auto& id : ids_a) CHECK(statuses_of(stuck.all(), id) == timeline_statuses(a, id));
}

TEST_CASE("webhooks: a batch webhook_url receives the batch object on every batch status change") {
  WebhookReceiver batch_receiver;
  WebhookReceiver agent_receiver;
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string agent = hook_agent(c, agent_receiver.url());
  httplib::MultipartFormDataItems items = {
      {"agent_id", agent, "", ""},
      {"file", "contact_number,name\n+14155550100,Ana\n+14155550110,Bo\n", "contacts.csv",
       "text/csv"},
      {"webhook_url", batch_receiver.url("/batch"), "", ""}};
  Response created = c.post_multipart("/batches", items);
  REQUIRE(created.status == 201);
  std::string id = created.json["batch_id"];
  settle(c);
  advance(c, 2);  // processed
  settle(c);
  REQUIRE(batch_receiver.accepted().size() == 2);
  CHECK(batch_receiver.accepted().back().body == c.get("/batches/" + id).json);
  Response s = c.post_multipart("/batches/" + id + "/schedule",
                                {{"scheduled_at", "2026-06-23T12:10:00+00:00", "", ""}});
  REQUIRE(s.status == 200);
  settle(c);
  CHECK(batch_receiver.accepted().back().body == c.get("/batches/" + id).json);
  run_until_idle(c);
  settle(c);

  std::vector<std::string> statuses;
  for (const auto& h : batch_receiver.accepted()) {
    CHECK(h.path == "/batch");
    CHECK(h.header("Content-Type") == "application/json");
    CHECK(h.body["batch_id"] == id);
    statuses.push_back(h.body["status"]);
  }
  CHECK(statuses ==
        std::vector<std::string>{"created", "processed", "scheduled", "running", "completed"});
  Json last = batch_receiver.accepted().back().body;
  Json now = c.get("/batches/" + id).json;
  last.erase("humanized_created_at");
  now.erase("humanized_created_at");
  CHECK(last == now);

  // The batch's rows post to their agent's webhook_url, not the batch's.
  for (const auto& h : agent_receiver.accepted()) CHECK(h.body["batch_id"] == id);
  CHECK(agent_receiver.accepted().size() >= 2 * 5);
  // The journal tells batch deliveries apart and filters by batch id.
  Json j = c.get("/__emulator/webhooks?batch_id=" + id).json;
  size_t batch_attempts = 0;
  for (const auto& a : j["attempts"]) {
    CHECK(a["batch_id"] == id);
    if (a["type"] == "batch") {
      ++batch_attempts;
      CHECK(a["execution_id"].is_null());
    }
  }
  CHECK(batch_attempts == statuses.size());
}

}  // namespace bolna::testing
