// GET /__emulator/stream (server-sent events): what a tenant's stream carries (status
// transitions with bodies, webhook attempts, batch changes, clock moves, resets), the key
// as ?key=, the admin stream of every tenant, the subscriber cap (503), the duration cap
// (bye), auth errors. Each test reads a real chunked HTTP response with httplib's client;
// transitions come from the manual clock moved by the test, never from waiting.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

struct SseEvent {
  std::string event = "message";
  std::string id;
  std::string data;
  Json json() const { return Json::parse(data); }
};

// Reads the stream at `path` (headers `h`), calling `on_event` for each event until it
// returns false, the server ends the stream, or `limit` passes (heartbeats every 5 s
// wake the reader). Returns the HTTP status (0 when the connection failed).
int read_stream(int port, const std::string& path, httplib::Headers h,
                const std::function<bool(const SseEvent&)>& on_event,
                std::chrono::seconds limit = std::chrono::seconds(30)) {
  httplib::Client cli("127.0.0.1", port);
  cli.set_connection_timeout(5);
  cli.set_read_timeout(15);
  auto deadline = std::chrono::steady_clock::now() + limit;
  std::string buffer;
  int status = 0;
  auto result = cli.Get(
      path.c_str(), h,
      [&](const httplib::Response& r) {
        status = r.status;
        return true;
      },
      [&](const char* data, size_t n) {
        buffer.append(data, n);
        size_t end;
        while ((end = buffer.find("\n\n")) != std::string::npos) {
          std::string block = buffer.substr(0, end);
          buffer.erase(0, end + 2);
          SseEvent ev;
          bool any = false;
          size_t pos = 0;
          while (pos <= block.size()) {
            size_t nl = block.find('\n', pos);
            std::string line =
                block.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
            pos = nl == std::string::npos ? block.size() + 1 : nl + 1;
            if (line.empty() || line[0] == ':') continue;
            auto colon = line.find(": ");
            std::string field = line.substr(0, colon),
                        value = colon == std::string::npos ? "" : line.substr(colon + 2);
            if (field == "event") ev.event = value, any = true;
            if (field == "data") ev.data += value, any = true;
            if (field == "id") ev.id = value;
          }
          if (any && !on_event(ev)) return false;
        }
        return std::chrono::steady_clock::now() < deadline;
      });
  if (!result && status == 0) return 0;
  return status;
}

std::string agent_with_hook(TestClient& c, const std::string& url) {
  Json body = agent_body("Streamed");
  body["agent_config"]["webhook_url"] = url;
  Response r = c.post("/v2/agent", body);
  REQUIRE(r.status == 201);
  return r.json["agent_id"].get<std::string>();
}

}  // namespace

TEST_CASE(
    "stream: a tenant's stream carries status changes with bodies, webhooks and clock moves") {
  TestServer server(manual_clock_config());
  TestClient c = server.client("stream-key");
  std::string agent =
      agent_with_hook(c, server.app().public_url() + "/__emulator/sink/stream-test");
  std::string execution;
  std::vector<SseEvent> seen;
  bool completed = false, webhook_completed = false, clock_seen = false;
  int status = read_stream(server.port(), "/__emulator/stream?bodies=1",
                           {{"Authorization", "Bearer stream-key"}}, [&](const SseEvent& ev) {
                             seen.push_back(ev);
                             if (ev.event == "hello") {
                               CHECK(ev.json()["scope"] == "tenant");
                               CHECK(ev.json()["bodies"] == true);
                               execution = place_call(c, agent, "+14155550100");
                               run_until_idle(c);
                             }
                             if (ev.event == "status" && ev.json()["to"] == "completed")
                               completed = true;
                             if (ev.event == "webhook" && ev.json()["status"] == "completed")
                               webhook_completed = true;
                             if (ev.event == "clock") clock_seen = true;
                             return !(completed && webhook_completed && clock_seen);
                           });
  CHECK(status == 200);
  REQUIRE(completed);
  CHECK(webhook_completed);
  CHECK(clock_seen);

  std::vector<std::string> statuses;
  uint64_t last_id = 0;
  for (const SseEvent& ev : seen) {
    if (ev.event == "hello") continue;
    REQUIRE_FALSE(ev.id.empty());
    CHECK(std::stoull(ev.id) > last_id);  // ids only grow
    last_id = std::stoull(ev.id);
    Json d = ev.json();
    CHECK(d["tenant"] == "stream-key");
    if (ev.event != "status") continue;
    CHECK(d["execution_id"] == execution);
    CHECK(d["agent_id"] == agent);
    CHECK(d["outcome"] == "completed");
    CHECK(d["at"].is_string());
    // The body is the execution as it was at that status.
    CHECK(d["execution"]["id"] == execution);
    CHECK(d["execution"]["status"] == d["to"]);
    statuses.push_back(d["to"]);
  }
  CHECK(statuses == std::vector<std::string>{"queued", "initiated", "ringing", "in-progress",
                                             "call-disconnected", "completed"});
  Json first_status;
  for (const SseEvent& ev : seen)
    if (ev.event == "status") {
      first_status = ev.json();
      break;
    }
  CHECK(first_status["from"].is_null());
  for (const SseEvent& ev : seen)
    if (ev.event == "webhook") {
      Json d = ev.json();
      CHECK(d["response_code"] == 200);
      CHECK(d["result"] == "delivered");
      CHECK(d["execution_id"] == execution);
    }
}

TEST_CASE("stream: ?key= works for EventSource; without bodies=1 status events carry no body") {
  TestServer server(manual_clock_config());
  TestClient c = server.client("qk");
  std::string agent = create_agent(c);
  Json first;
  int status = read_stream(server.port(), "/__emulator/stream?key=qk", {}, [&](const SseEvent& ev) {
    if (ev.event == "hello") {
      CHECK(ev.json()["bodies"] == false);
      place_call(c, agent);
      return true;
    }
    if (ev.event == "status") {
      first = ev.json();
      return false;
    }
    return true;
  });
  CHECK(status == 200);
  CHECK(first["to"] == "queued");
  CHECK_FALSE(first.contains("execution"));
}

TEST_CASE("stream: another tenant's events never reach a tenant's stream") {
  TestServer server(manual_clock_config());
  TestClient mine = server.client("mine");
  TestClient other = server.client("other");
  std::string other_agent = create_agent(other);
  std::string my_agent = create_agent(mine);
  std::vector<std::string> tenants;
  read_stream(server.port(), "/__emulator/stream?key=mine", {}, [&](const SseEvent& ev) {
    if (ev.event == "hello") {
      place_call(other, other_agent);
      advance(other, 5);
      place_call(mine, my_agent);  // the marker: ours comes after theirs
      return true;
    }
    tenants.push_back(ev.json()["tenant"]);
    return ev.event != "status";
  });
  CHECK(tenants == std::vector<std::string>{"mine"});
}

TEST_CASE("stream: the admin token streams every tenant; reset and batch events") {
  Config config = manual_clock_config();
  config.admin_token = "s3cret";
  TestServer server(config);
  TestClient a = server.client("tenant-a");
  TestClient b = server.client("tenant-b");
  std::string agent_b = create_agent(b);
  std::set<std::string> tenants;
  bool batch_seen = false, reset_seen = false;
  int status = read_stream(
      server.port(), "/__emulator/stream?admin_token=s3cret", {}, [&](const SseEvent& ev) {
        if (ev.event == "hello") {
          CHECK(ev.json()["scope"] == "all");
          a.post("/__emulator/clock/advance", Json{{"seconds", 1}});
          httplib::MultipartFormDataItems items = {
              {"agent_id", agent_b, "", ""},
              {"file", "contact_number\n+14155550100\n", "rows.csv", "text/csv"}};
          REQUIRE(b.post_multipart("/batches", items).status == 201);
          a.post("/__emulator/reset");
          return true;
        }
        tenants.insert(ev.json()["tenant"].get<std::string>());
        if (ev.event == "batch") {
          batch_seen = true;
          CHECK(ev.json()["status"] == "created");
          CHECK(ev.json()["execution_status"]["prepared"] == 1);
        }
        if (ev.event == "reset") reset_seen = true;
        return !(batch_seen && reset_seen);
      });
  CHECK(status == 200);
  CHECK(tenants == std::set<std::string>{"tenant-a", "tenant-b"});

  // A wrong token is no admin token; without a key that is a 401.
  TestClient anonymous = server.client("");
  CHECK(anonymous.get("/__emulator/stream?admin_token=wrong").status == 401);
  CHECK(anonymous.get("/__emulator/stream").status == 401);
}

TEST_CASE("stream: an undeclared key is refused when --keys restricts keys") {
  std::string path = "/tmp/bolna-stream-keys-" + std::to_string(::getpid()) + ".txt";
  {
    std::ofstream f(path);
    f << "declared\n";
  }
  Config config = manual_clock_config();
  config.keys_file = path;
  TestServer server(config);
  TestClient anonymous = server.client("");
  Response r = anonymous.get("/__emulator/stream?key=nope");
  CHECK(r.status == 401);
  std::remove(path.c_str());
}

TEST_CASE("stream: one stream more than --stream-max-subscribers is a 503 with Retry-After") {
  Config config = manual_clock_config();
  config.stream_max_subscribers = 1;
  TestServer server(config);
  TestClient c = server.client("cap");
  std::promise<void> hello;
  std::thread first([&] {
    bool said_hello = false;
    read_stream(server.port(), "/__emulator/stream?key=cap", {}, [&](const SseEvent& ev) {
      if (ev.event == "hello" && !said_hello) {
        said_hello = true;
        hello.set_value();
        return true;
      }
      return ev.event != "clock";  // the test's signal to let go
    });
    if (!said_hello) hello.set_value();
  });
  REQUIRE(hello.get_future().wait_for(std::chrono::seconds(20)) == std::future_status::ready);
  Response refused = c.get("/__emulator/stream");
  CHECK(refused.status == 503);
  CHECK(refused.header("Retry-After") == "5");
  CHECK(refused.json["message"].get<std::string>().find("--stream-max-subscribers") !=
        std::string::npos);
  advance(c, 1);  // a clock event: the first reader returns and closes its connection
  first.join();
  // The slot comes back once the server notices (at its next write, within a heartbeat).
  int status = 0;
  for (int i = 0; i < 200 && status != 200; ++i) {
    status = read_stream(server.port(), "/__emulator/stream?key=cap", {},
                         [](const SseEvent&) { return false; });
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(status == 200);
}

TEST_CASE("stream: a stream ends with a bye event after --stream-max-seconds") {
  Config config = manual_clock_config();
  config.stream_max_seconds = 1;
  TestServer server(config);
  std::vector<std::string> events;
  auto started = std::chrono::steady_clock::now();
  int status =
      read_stream(server.port(), "/__emulator/stream?key=short", {}, [&](const SseEvent& ev) {
        events.push_back(ev.event);
        return true;
      });
  CHECK(status == 200);
  REQUIRE(events.size() == 2);
  CHECK(events[0] == "hello");
  CHECK(events[1] == "bye");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

TEST_CASE("stream: open streams run on threads of their own, not on the HTTP workers") {
  // With one HTTP worker and two streams open, other requests are still answered (before
  // streams handed their worker off, the cap was half of --threads: none with 1 worker).
  Config config = manual_clock_config();
  config.threads = 1;
  config.stream_max_subscribers = 2;
  TestServer server(config);
  CHECK(server.app().events().options().max_subscribers == 2);
  TestClient c = server.client("own-threads");
  // A first request on this thread initializes cpp-httplib's client statics before the two
  // readers start: Debian's libcpp-httplib is not built with TSan, which then cannot see
  // that static initialization is synchronized and reports a race between two first uses.
  REQUIRE(c.get("/__emulator/health").status == 200);
  std::promise<void> hello[2];
  std::vector<std::thread> readers;
  // The second reader starts once the first has its hello: the first stream's chunked
  // write initializes cpp-httplib's statics, and the uninstrumented library's guard is
  // invisible to TSan, which would report two first uses at once as a race.
  for (int i = 0; i < 2; ++i) {
    if (i == 1)
      REQUIRE(hello[0].get_future().wait_for(std::chrono::seconds(20)) ==
              std::future_status::ready);
    readers.emplace_back([&, i] {
      bool said_hello = false;
      read_stream(server.port(), "/__emulator/stream?key=own-threads", {},
                  [&](const SseEvent& ev) {
                    if (ev.event == "hello" && !said_hello) {
                      said_hello = true;
                      hello[i].set_value();
                      return true;
                    }
                    return ev.event != "clock";
                  });
      if (!said_hello) hello[i].set_value();
    });
  }
  REQUIRE(hello[1].get_future().wait_for(std::chrono::seconds(20)) == std::future_status::ready);
  CHECK(c.get("/v2/agent/all").status == 200);
  CHECK(c.post("/v2/agent", agent_body()).status == 201);
  advance(c, 1);  // a clock event: both readers let go
  for (auto& t : readers) t.join();
}
