// Webhooks: delivery on every status change (order, body equality with GET, headers),
// retries on the virtual clock, receiver down/up, timeouts, redelivery, the journal,
// flush, extra headers, the sink, isolation from a hanging receiver. Receivers are real
// HTTP servers on loopback (tests/webhook_receiver.h); time moves only by the manual
// clock, and flush is the synchronisation point (no sleeps).
#include <algorithm>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"
#include "webhook_receiver.h"
#include "webhooks/webhook_dispatcher.h"

extern char** environ;

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

// ---------------------------------------------------------------------------------------
// Clock moves drive deliveries (issue #16), bodies at the queued moment, fair workers and
// bounded shutdown (issue #14), per-tenant state, the attempt observer.

namespace {

// A loopback socket that accepts connections and never answers (a hung receiver).
class HangingSocket {
 public:
  HangingSocket() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(fd_, 64) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      while (running_) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        int c = accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        std::lock_guard l(mu_);
        clients_.push_back(c);
      }
    });
  }
  ~HangingSocket() {
    running_ = false;
    thread_.join();
    for (int c : clients_) close(c);
    close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  size_t accepted() const {
    std::lock_guard l(mu_);
    return clients_.size();
  }
  // Waits (at most 10 s) until `n` connections were accepted.
  bool wait_accepted(size_t n) const {
    for (int i = 0; i < 1000 && accepted() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return accepted() >= n;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> running_{true};
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<int> clients_;
};

// A loopback port nothing listens on (connections are refused).
int closed_port() {
  WebhookReceiver probe;
  return probe.port();
}

// Attempts per delivery id, in delivery order.
std::vector<size_t> attempts_per_delivery(const Json& attempts) {
  std::map<uint64_t, size_t> counts;
  for (const auto& a : attempts) counts[a["delivery_id"].get<uint64_t>()] += 1;
  std::vector<size_t> out;
  for (const auto& [id, n] : counts) out.push_back(n);
  return out;
}

TimePoint time_of(const Json& attempt, const char* field = "virtual_time") {
  return parse_iso8601(attempt[field].get<std::string>())->utc;
}

}  // namespace

TEST_CASE("webhooks: the queued body is GET /executions/{id} at that moment, byte for byte") {
  WebhookReceiver receiver;
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string agent = hook_agent(c, receiver.url());
  std::string id = place(c, agent);
  settle(c);
  std::string now = c.get("/executions/" + id).body;
  REQUIRE(receiver.accepted().size() == 1);
  CHECK(receiver.accepted()[0].raw == now);
  CHECK(receiver.accepted()[0].body["telephony_data"]["provider_call_id"] ==
        Json::parse(now)["telephony_data"]["provider_call_id"]);
  // Dialled: the provider's call id appears with "initiated", in its body and in GET.
  advance(c, 1);
  settle(c);
  std::string dialled = c.get("/executions/" + id).body;
  REQUIRE(receiver.accepted().size() == 2);
  CHECK(receiver.accepted()[1].raw == dialled);
  CHECK(receiver.accepted()[1].body["telephony_data"]["provider_call_id"].is_string());

  // A scheduled call: "scheduled" at once, "queued" when the clock reaches scheduled_at.
  Response r = c.post("/call", Json{{"agent_id", agent},
                                    {"recipient_phone_number", "+14155550101"},
                                    {"scheduled_at", "2026-06-23T12:10:00+00:00"}});
  REQUIRE(r.status == 200);
  std::string scheduled = r.json["execution_id"];
  settle(c);
  auto mine = [&] {
    std::vector<ReceivedHook> out;
    for (const auto& h : receiver.accepted())
      if (h.body.value("id", "") == scheduled) out.push_back(h);
    return out;
  };
  REQUIRE(mine().size() == 1);
  CHECK(mine()[0].raw == c.get("/executions/" + scheduled).body);
  REQUIRE(c.post("/__emulator/clock/advance", Json{{"to", "2026-06-23T12:10:00+00:00"}}).status ==
          200);
  std::string queued = c.get("/executions/" + scheduled).body;
  REQUIRE(Json::parse(queued)["status"] == "queued");
  REQUIRE(mine().size() == 2);  // the move waited for the delivery: no flush needed
  CHECK(mine()[1].raw == queued);
}

TEST_CASE("webhooks: refused connections: run-until-idle performs every attempt of every status") {
  // The measured bug: 4 attempts of `queued`, nothing of the five later statuses, and
  // run-until-idle claiming idle while 6 deliveries waited for retries.
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/hook";
  std::string id = place(c, hook_agent(c, url));
  Json idle = run_until_idle(c);
  CHECK(idle["idle"] == true);
  CHECK(idle["pending"] == 0);
  // 30 attempts; the first may have been answered before the move began.
  CHECK(idle["webhooks"]["attempts"].get<int>() >= 29);
  CHECK(idle["webhooks"]["waiting"] == 0);
  Json j = journal(c, id);
  CHECK(j["waiting_retry"] == 0);
  CHECK(j["queued"] == 0);
  CHECK(attempts_per_delivery(j["attempts"]) == std::vector<size_t>(6, 5));
  std::vector<std::string> statuses;
  for (const auto& a : j["attempts"])
    if (a["attempt"] == 1) statuses.push_back(a["status"]);
  CHECK(statuses == timeline_statuses(c, id));
  for (const auto& a : j["attempts"]) {
    CHECK(a["error"] == "connection refused or unreachable");
    CHECK(a["result"] == (a["attempt"] == 5 ? "failed" : "retrying"));
  }
  // Nothing is left for later moves or flushes.
  for (int i = 0; i < 3; ++i) {
    Json again = run_until_idle(c);
    CHECK(again["idle"] == true);
    CHECK(again["webhooks"]["attempts"] == 0);
    Json f = flush(c);
    CHECK(f["waiting_retry"] == 0);
  }
  CHECK(journal(c, id)["attempts"].size() == 30);
}

TEST_CASE("webhooks: one advance of 6 hours plays out the whole retry schedule") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/hook";
  std::string id = place(c, hook_agent(c, url));
  Json moved = advance(c, 6 * 3600);
  CHECK(moved["webhooks"]["attempts"].get<int>() >= 29);
  CHECK(moved["webhooks"]["waiting"] == 0);
  CHECK(moved["pending"] == 0);
  Json attempts = journal(c, id)["attempts"];
  REQUIRE(attempts.size() == 30);
  // Each delivery: 30, 60, 120, 240 s between its attempts; the next delivery starts when
  // the previous one gives up.
  for (size_t d = 0; d < 6; ++d)
    for (size_t k = 1; k < 5; ++k) {
      const Json& a = attempts[d * 5 + k];
      const Json& before = attempts[d * 5 + k - 1];
      CHECK(a["delivery_id"] == before["delivery_id"]);
      CHECK(time_of(a) - time_of(before) == std::chrono::seconds(30 << (k - 1)));
      CHECK(time_of(before, "next_attempt_at") == time_of(a));
    }
}

TEST_CASE("webhooks: a dead-then-recovered receiver, driven only by advance and run-until-idle") {
  int port = closed_port();
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string id = place(c, hook_agent(c, "http://127.0.0.1:" + std::to_string(port) + "/up"));
  // Down for the first 100 s: queued is tried at +0, +30 and +90 s.
  Json moved = advance(c, 100);
  CHECK(moved["webhooks"]["waiting_retry"] == 6);  // queued and the five later statuses
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() == 3);
  for (const auto& a : j["attempts"]) CHECK(a["result"] == "retrying");
  TimePoint placed = time_of(j["attempts"][0]);
  CHECK(time_of(j["attempts"][1]) - placed == std::chrono::seconds(30));
  CHECK(time_of(j["attempts"][2]) - placed == std::chrono::seconds(90));

  WebhookReceiver receiver(port);  // back up
  Json idle = run_until_idle(c);
  CHECK(idle["idle"] == true);
  CHECK(idle["webhooks"]["attempts"] == 6);
  j = journal(c, id);
  CHECK(attempts_per_delivery(j["attempts"]) == std::vector<size_t>{4, 1, 1, 1, 1, 1});
  CHECK(j["attempts"][3]["result"] == "delivered");
  CHECK(time_of(j["attempts"][3]) - placed == std::chrono::seconds(210));
  CHECK(statuses_of(receiver.all(), id) == timeline_statuses(c, id));
  CHECK(receiver.all().size() == 6);
}

TEST_CASE(
    "webhooks: an always-dead receiver: every delivery tried exactly --webhook-attempts times") {
  Config config = manual_clock_config();
  config.webhook_attempts = 3;
  config.webhook_backoff = 10;
  TestServer server(config);
  TestClient c = server.client();
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/hook";
  std::string agent = hook_agent(c, url);
  std::string a = place(c, agent, "+14155550100");
  std::string b = place(c, agent, "+14155550110");  // busy
  advance(c, 15);  // the first retries of the first statuses (+10 s)
  Json idle = run_until_idle(c);
  CHECK(idle["idle"] == true);
  for (const auto& id : {a, b}) {
    CAPTURE(id);
    Json j = journal(c, id);
    size_t statuses = timeline_statuses(c, id).size();
    CHECK(attempts_per_delivery(j["attempts"]) == std::vector<size_t>(statuses, 3));
    for (const auto& at : j["attempts"])
      CHECK(at["result"] == (at["attempt"] == 3 ? "failed" : "retrying"));
  }
  Json all = journal(c);
  CHECK(all["queued"] == 0);
  CHECK(all["in_flight"] == 0);
  CHECK(all["waiting_retry"] == 0);
}

TEST_CASE("webhooks: \"webhooks\": \"async\" moves the clock without waiting for answers") {
  WebhookReceiver receiver;
  receiver.hang();
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string id = place(c, hook_agent(c, receiver.url()));
  auto started = std::chrono::steady_clock::now();
  Response r = c.post("/__emulator/clock/advance", Json{{"seconds", 600}, {"webhooks", "async"}});
  REQUIRE(r.status == 200);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(400));
  CHECK(r.json["webhooks"]["attempts"] == 0);
  CHECK(r.json["webhooks"]["in_flight"] == 1);
  CHECK(r.json["webhooks"]["queued"] == 5);
  CHECK(r.json["webhooks"]["waiting"] == 6);
  Response idle = c.post("/__emulator/clock/run-until-idle", Json{{"webhooks", "async"}});
  REQUIRE(idle.status == 200);
  CHECK(idle.json["idle"] == false);  // deliveries are still waiting
  receiver.release();
  settle(c);
  CHECK(statuses_of(receiver.all(), id) == timeline_statuses(c, id));
  Response bad = c.post("/__emulator/clock/advance", Json{{"seconds", 1}, {"webhooks", "later"}});
  CHECK(bad.status == 400);
  CHECK(bad.json["message"] ==
        "webhooks must be \"sync\" (wait for the webhook attempts falling due) or \"async\" "
        "(fire and forget)");
  CHECK(c.post("/__emulator/clock/run-until-idle", Json{{"webhooks", 1}}).status == 400);
  CHECK(c.post("/__emulator/clock", Json{{"now", "2099-01-01T00:00:00Z"}, {"webhooks", "x"}})
            .status == 400);
}

TEST_CASE("webhooks: POST /__emulator/clock with a later now performs the attempts due") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/hook";
  std::string id = place(c, hook_agent(c, url));
  Response r = c.post("/__emulator/clock", Json{{"now", "2026-06-23T18:00:00+00:00"}});
  REQUIRE(r.status == 200);
  CHECK(r.json["now"] == "2026-06-23T18:00:00.000000+00:00");
  CHECK(r.json["webhooks"]["attempts"].get<int>() >= 29);
  CHECK(journal(c, id)["attempts"].size() == 30);
  // A mode change alone moves nothing and reports no webhooks.
  Response mode = c.post("/__emulator/clock", Json{{"mode", "manual"}});
  CHECK(mode.json.contains("webhooks") == false);
}

TEST_CASE("webhooks: a clock move waits for a slow receiver only within --webhook-timeout") {
  WebhookReceiver receiver;
  Config config = manual_clock_config();
  config.webhook_timeout = 0.3;
  TestServer server(config);
  TestClient c = server.client();
  std::string id = place(c, hook_agent(c, receiver.url()));
  settle(c);
  receiver.hang();  // from now on every post hangs (and times out after 0.3 s)
  auto started = std::chrono::steady_clock::now();
  Json moved = advance(c, 1);  // initiated: one attempt, timed out, retry due at +31 s
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(250));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(moved["webhooks"]["attempts"] == 1);
  Json j = journal(c, id);
  REQUIRE(j["attempts"].size() == 2);
  CHECK(j["attempts"][1]["error"] == "timeout after 0.300000 s");
  CHECK(j["attempts"][1]["result"] == "retrying");
  receiver.release();
  Json idle = run_until_idle(c);
  CHECK(idle["idle"] == true);
  CHECK(statuses_of(receiver.accepted(), id) == timeline_statuses(c, id));
}

TEST_CASE("webhooks: hanging receivers of four tenants do not hold a fifth tenant's delivery") {
  // 8 workers, 2 posts per receiver: the four hung receivers could take every worker.
  std::vector<std::unique_ptr<HangingSocket>> hung;
  for (int i = 0; i < 4; ++i) hung.push_back(std::make_unique<HangingSocket>());
  WebhookReceiver healthy;
  TestServer server(manual_clock_config());
  for (int i = 0; i < 4; ++i) {
    TestClient c = server.client("hung-" + std::to_string(i));
    std::string agent = hook_agent(c, hung[i]->url());
    for (int k = 0; k < 3; ++k) place(c, agent);
  }
  for (const auto& h : hung) REQUIRE(h->wait_accepted(2));
  TestClient c = server.client("healthy");
  std::string agent = hook_agent(c, healthy.url());
  auto started = std::chrono::steady_clock::now();
  std::string id = place(c, agent);
  Json f = flush(c, 5000);
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(f["done"] == true);
  CHECK(waited < std::chrono::seconds(1));
  REQUIRE(healthy.accepted().size() == 1);
  // Its clock moves are not held either.
  started = std::chrono::steady_clock::now();
  Json idle = run_until_idle(c);
  CHECK(idle["idle"] == true);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK(statuses_of(healthy.accepted(), id) == timeline_statuses(c, id));
  // A hung receiver holds at most its share: two posts, whatever else its tenant queued.
  for (const auto& h : hung) CHECK(h->accepted() == 2);
  TestClient first = server.client("hung-0");
  Json left = flush(first, 10);
  CHECK(left["in_flight"] == 2);
  CHECK(left["queued"] == 1);
}

TEST_CASE("webhooks: shutdown abandons hung posts within 2 s and journals them") {
  HangingSocket hung;
  TestServer server(manual_clock_config());  // --webhook-timeout 10 s
  TestClient c = server.client();
  std::string agent = hook_agent(c, hung.url());
  std::string a = place(c, agent);
  std::string b = place(c, agent, "+14155550101");
  REQUIRE(hung.wait_accepted(2));
  auto started = std::chrono::steady_clock::now();
  server.app().services().webhooks.shutdown();
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  for (const auto& id : {a, b}) {
    Json j = journal(c, id);
    REQUIRE(j["attempts"].size() == 1);
    CHECK(j["attempts"][0]["result"] == "abandoned");
    CHECK(j["attempts"][0]["error"] ==
          "abandoned: the emulator shut down before the receiver answered");
    CHECK(j["attempts"][0]["response_code"].is_null());
  }
  // Later status changes post nothing; moves and flushes do not wait.
  started = std::chrono::steady_clock::now();
  advance(c, 60);
  flush(c, 5000);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK(hung.accepted() == 2);
}

TEST_CASE("webhooks: SIGTERM exits within 2 s while webhook posts hang") {
  HangingSocket hung;
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<std::string> args = {
      BOLNA_EMULATOR_BINARY, "--port", "0", "--clock", "manual", "--log-level", "warn",
      "--webhook-timeout",   "30"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("BOLNA_EMULATOR_", 0) != 0) env.push_back(*e);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, BOLNA_EMULATOR_BINARY, &actions, nullptr, argv.data(), envp.data()) ==
          0);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  std::string out;
  for (int i = 0; i < 100 && out.find('\n') == std::string::npos; ++i) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[512];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  size_t colon = out.rfind(':');
  REQUIRE(colon != std::string::npos);
  int port = std::atoi(out.c_str() + colon + 1);
  REQUIRE(port > 0);
  TestClient c(port, "k");
  std::string agent = hook_agent(c, hung.url());
  place(c, agent);
  place(c, agent, "+14155550101");
  REQUIRE(hung.wait_accepted(2));
  auto started = std::chrono::steady_clock::now();
  kill(pid, SIGTERM);
  int status = -1;
  for (int i = 0; i < 300; ++i) {  // at most 30 s, so a regression fails instead of hanging
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto took = std::chrono::steady_clock::now() - started;
  if (waitpid(pid, &status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(took < std::chrono::seconds(2));
}

TEST_CASE("webhooks: the attempt observer sees every attempt with its tenant's key") {
  std::mutex mu;
  std::vector<std::pair<std::string, Json>> seen;
  WebhookReceiver receiver;
  receiver.fail_next(1, 500);
  TestServer server(manual_clock_config(), [&](App& app) {
    app.services().webhooks.set_attempt_observer([&](const std::string& key, const Json& a) {
      std::lock_guard l(mu);
      seen.emplace_back(key, a);
    });
  });
  TestClient c = server.client("observed");
  std::string id = place(c, hook_agent(c, receiver.url()));
  run_until_idle(c);
  Json j = journal(c, id)["attempts"];
  REQUIRE(j.size() >= 7);
  // The observer runs just after an attempt is journaled, on the transport's thread.
  auto count = [&] {
    std::lock_guard l(mu);
    return seen.size();
  };
  for (int i = 0; i < 500 && count() < j.size(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::lock_guard l(mu);
  REQUIRE(seen.size() == j.size());
  // Observers run on the transport's threads, outside the tenant's lock: two attempts
  // that end together may be observed in either order. Compare in journal order.
  std::sort(seen.begin(), seen.end(),
            [](const auto& a, const auto& b) { return a.second["id"] < b.second["id"]; });
  for (size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i].first == "observed");
    CHECK(seen[i].second == j[i]);
  }
  CHECK(seen[0].second["result"] == "retrying");
}

TEST_CASE("webhooks: nothing per-tenant is left once sub-accounts are deleted") {
  WebhookReceiver receiver;
  receiver.hang();  // posts stay in flight while their tenants go away
  Config config = manual_clock_config();
  config.webhook_timeout = 30;
  TestServer server(config);
  TestClient org = server.client("org-key");
  REQUIRE(org.get("/__emulator/clock").status == 200);
  WebhookDispatcher& webhooks = server.app().services().webhooks;
  size_t before = webhooks.tenant_states();
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    Response r = org.post("/sub-accounts/create",
                          Json{{"name", "sub-" + std::to_string(i)}, {"min_concurrency", 0}});
    REQUIRE(r.status == 200);
    ids.push_back(r.json["id"]);
    TestClient sub = server.client(r.json["api_key"]);
    place(sub, hook_agent(sub, receiver.url()));
  }
  CHECK(webhooks.tenant_states() == before + 20);
  for (const auto& id : ids) REQUIRE(org.del("/sub-accounts/" + id).status == 200);
  // A worker may still hold the last request's reference to a sub-account's tenant for a
  // moment after its response went out: wait (bounded) for the last one to go.
  for (int i = 0; i < 200 && webhooks.tenant_states() != before; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(webhooks.tenant_states() == before);
  receiver.release();
  // Answers for the deleted tenants are dropped; the organization's own state is intact.
  CHECK(flush(org)["done"] == true);
  CHECK(journal(org)["attempts"].empty());
}

}  // namespace bolna::testing
