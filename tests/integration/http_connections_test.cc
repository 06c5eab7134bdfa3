// HTTP connections (issue 13/14): no delayed-ACK stall on keep-alive connections, fair
// service with more keep-alive clients than workers, pipelining, limits of the request
// head (431), head and body deadlines (408), idle and trickling connections, the
// connection cap, bodies read with the route's limit, and a stop that does not wait for
// slow clients. Raw loopback sockets; every wait is bounded; no threshold is tighter than
// a second.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

extern char** environ;

using namespace bolna;
using namespace bolna::testing;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// One raw client connection: what is sent is exactly what the test writes.
class Raw {
 public:
  explicit Raw(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  ~Raw() {
    if (fd_ >= 0) ::close(fd_);
  }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  Raw(Raw&& o) noexcept : fd_(o.fd_), buf_(std::move(o.buf_)) { o.fd_ = -1; }

  bool send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  struct Reply {
    int status = 0;  // 0: none (timeout or closed)
    std::string head;
    std::string body;
    Json json;
  };

  // Reads one response (Content-Length or chunked body) within `timeout_s`.
  Reply read(double timeout_s = 10) {
    Reply r;
    auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int>(timeout_s * 1000));
    size_t head_end;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(deadline)) return r;
    r.head = buf_.substr(0, head_end + 2);
    buf_.erase(0, head_end + 4);
    std::string lower = r.head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("transfer-encoding: chunked") != std::string::npos) {
      while (true) {
        size_t eol;
        while ((eol = buf_.find("\r\n")) == std::string::npos)
          if (!fill(deadline)) return r;
        size_t size = std::stoul(buf_.substr(0, eol), nullptr, 16);
        while (buf_.size() < eol + 2 + size + 2)
          if (!fill(deadline)) return r;
        r.body += buf_.substr(eol + 2, size);
        buf_.erase(0, eol + 2 + size + 2);
        if (size == 0) break;
      }
    } else {
      size_t length = 0;
      auto cl = lower.find("content-length:");
      if (cl != std::string::npos) length = std::stoul(lower.substr(cl + 15));
      while (buf_.size() < length)
        if (!fill(deadline)) return r;
      r.body = buf_.substr(0, length);
      buf_.erase(0, length);
    }
    r.status = std::stoi(r.head.substr(9, 3));
    r.json = Json::parse(r.body, nullptr, false);
    if (r.json.is_discarded()) r.json = nullptr;
    return r;
  }

  // True when the server closes the connection within `timeout_s` (bytes before the
  // close are kept for read()).
  bool closed_within(double timeout_s) {
    auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int>(timeout_s * 1000));
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char tmp[4096];
      ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
      if (n <= 0) return true;
      buf_.append(tmp, static_cast<size_t>(n));
    }
    return false;
  }
  const std::string& buffered() const { return buf_; }

 private:
  bool fill(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char tmp[16384];
    ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buf_;
};

std::string get(const std::string& path, const std::string& key = "test-key") {
  std::string r = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!key.empty()) r += "Authorization: Bearer " + key + "\r\n";
  return r + "\r\n";
}

std::string post(const std::string& path, const std::string& body,
                 const std::string& content_type = "application/json",
                 const std::string& key = "test-key") {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key +
         "\r\nContent-Type: " + content_type + "\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A completed execution of the caller's tenant (manual clock).
std::string completed_execution(TestClient& c) {
  std::string agent = create_agent(c);
  std::string id = place_call(c, agent);
  run_until_idle(c);
  REQUIRE(get_execution(c, id)["status"] == "completed");
  return id;
}

}  // namespace

TEST_CASE("connections: 50 requests on one keep-alive connection take far less than 50 delayed ACKs") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string id = completed_execution(c);
  std::string agent = get_execution(c, id)["agent_id"];
  // Small JSON, ~2 KB JSON, a WAV recording, and a list: every size and writer.
  for (const std::string& path : {std::string("/__emulator/health"), "/executions/" + id,
                                  "/recordings/call/" + id, "/agent/" + agent + "/executions"}) {
    CAPTURE(path);
    Raw raw(server.port());
    auto t0 = Clock::now();
    for (int i = 0; i < 50; ++i) {
      REQUIRE(raw.send(get(path)));
      Raw::Reply r = raw.read();
      REQUIRE(r.status == 200);
      CHECK(r.head.find("Keep-Alive: timeout=5, max=1000") != std::string::npos);
    }
    // A 40 ms delayed-ACK stall per request would take 2 s.
    CHECK(seconds_since(t0) < 1.5);
  }
}

TEST_CASE("connections: pipelined requests are answered in order on the same connection") {
  TestServer server;
  Raw raw(server.port());
  std::string burst;
  for (int i = 0; i < 5; ++i) burst += get("/no/such/" + std::to_string(i));
  burst += get("/__emulator/health", "");
  REQUIRE(raw.send(burst));
  for (int i = 0; i < 5; ++i) {
    Raw::Reply r = raw.read(5);
    REQUIRE(r.status == 404);
    CHECK(r.json["message"] == "No route for GET /no/such/" + std::to_string(i));
  }
  Raw::Reply last = raw.read(5);
  CHECK(last.status == 200);
  // Still usable afterwards.
  REQUIRE(raw.send(get("/__emulator/ready", "")));
  CHECK(raw.read(5).status == 200);
}

TEST_CASE("connections: many more keep-alive clients than workers are all served in turn") {
  Config config;
  config.threads = 2;
  TestServer server(config);
  std::vector<Raw> clients;
  for (int i = 0; i < 24; ++i) clients.emplace_back(server.port());
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < clients.size(); ++i) {
      CAPTURE(round);
      CAPTURE(i);
      REQUIRE(clients[i].send(get("/__emulator/health", "")));
      // With a thread per connection, client 3 would wait for one of the first two to
      // close (the keep-alive timeout).
      REQUIRE(clients[i].read(4).status == 200);
    }
  }
}

TEST_CASE("connections: 200 idle and 20 trickling connections do not starve a normal request") {
  Config config;
  config.threads = 4;
  TestServer server(config);
  std::vector<Raw> idle;
  for (int i = 0; i < 200; ++i) idle.emplace_back(server.port());
  std::vector<Raw> trickling;
  for (int i = 0; i < 20; ++i) {
    trickling.emplace_back(server.port());
    REQUIRE(trickling.back().send("GET /__emulator/health HTTP/1.1\r\nHost: x\r\n"));
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (int n = 0; n < 40 && !done; ++n) {
      for (auto& t : trickling) t.send("X-Slow-" + std::to_string(n) + ": 1\r\n");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  for (int i = 0; i < 3; ++i) {
    Raw normal(server.port());
    auto t0 = Clock::now();
    REQUIRE(normal.send(get("/__emulator/health", "")));
    Raw::Reply r = normal.read(5);
    CHECK(r.status == 200);
    CHECK(seconds_since(t0) < 1.0);
  }
  done = true;
  trickle.join();
}

TEST_CASE("connections: a head that trickles past --header-timeout gets a 408 and is closed") {
  Config config;
  config.header_timeout = 0.5;
  TestServer server(config);
  Raw slow(server.port());
  REQUIRE(slow.send("GET /__emulator/health HTTP/1.1\r\n"));
  bool closed = false;
  for (int i = 0; i < 50 && !closed; ++i) {  // a line every 100 ms, at most 5 s
    slow.send("X-Line-" + std::to_string(i) + ": 1\r\n");
    closed = slow.closed_within(0.1);
  }
  REQUIRE(closed);
  Raw::Reply r = slow.read(1);
  CHECK(r.status == 408);
  CHECK(r.json["error"] == 408);
  CHECK(r.json["message"] == "Request head not received within 0.5 s (--header-timeout)");
  CHECK(r.head.find("Connection: close") != std::string::npos);
}

TEST_CASE("connections: an idle keep-alive connection is closed after --keep-alive-timeout") {
  Config config;
  config.keep_alive_timeout = 1;
  TestServer server(config);
  Raw raw(server.port());
  REQUIRE(raw.send(get("/__emulator/health", "")));
  REQUIRE(raw.read(5).status == 200);
  CHECK(raw.closed_within(5));
  CHECK(raw.buffered().empty());  // closed silently
}

TEST_CASE("connections: at --max-connections the longest-idle connection makes room") {
  Config config;
  config.max_connections = 8;
  TestServer server(config);
  std::vector<Raw> idle;
  for (int i = 0; i < 8; ++i) {
    idle.emplace_back(server.port());
    REQUIRE(idle.back().send(get("/__emulator/health", "")));
    REQUIRE(idle.back().read(5).status == 200);
    // The answer reaches the client before its worker marks the connection idle; waiting
    // until no connection is busy orders the idle times as the connections were opened
    // (under a loaded machine the next one could otherwise become idle first).
    for (int spin = 0; spin < 500 && server.app().http().connection_stats().busy > 0; ++spin)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(server.app().http().connection_stats().busy == 0);
  }
  for (int i = 0; i < 3; ++i) {
    Raw fresh(server.port());
    REQUIRE(fresh.send(get("/__emulator/health", "")));
    CHECK(fresh.read(5).status == 200);
  }
  // The oldest idle connection was closed to make room.
  CHECK(idle.front().closed_within(2));
  CHECK(server.app().http().connection_stats().evicted >= 1);
}

TEST_CASE("connections: too many header fields, a too large head or a too long line is a 431") {
  Config config;
  config.max_headers = 20;
  config.max_header_bytes = 4096;
  TestServer server(config);
  {
    Raw raw(server.port());
    std::string req = "GET /__emulator/health HTTP/1.1\r\n";
    for (int i = 0; i < 21; ++i) req += "X-H" + std::to_string(i) + ": v\r\n";
    REQUIRE(raw.send(req + "\r\n"));
    Raw::Reply r = raw.read(5);
    CHECK(r.status == 431);
    CHECK(r.json == Json{{"error", 431}, {"message", "Request has more than 20 header fields (--max-headers)"}});
    CHECK(raw.closed_within(5));
  }
  {
    Raw raw(server.port());
    std::string req = "GET /__emulator/health HTTP/1.1\r\n";
    for (int i = 0; i < 10; ++i) req += "X-H" + std::to_string(i) + ": " + std::string(500, 'v') + "\r\n";
    REQUIRE(raw.send(req + "\r\n"));
    Raw::Reply r = raw.read(5);
    CHECK(r.status == 431);
    CHECK(r.json["message"] == "Request head is larger than 4096 bytes (--max-header-bytes)");
  }
  {
    Config big;
    TestServer wide(big);
    Raw raw(wide.port());
    REQUIRE(raw.send("GET /__emulator/health HTTP/1.1\r\nX-Long: " + std::string(9000, 'v') + "\r\n\r\n"));
    Raw::Reply r = raw.read(5);
    CHECK(r.status == 431);
    CHECK(r.json["message"] == "A request header line is longer than 8192 bytes");
  }
  {
    // Under the limits: served.
    Raw raw(server.port());
    std::string req = "GET /__emulator/health HTTP/1.1\r\n";
    for (int i = 0; i < 19; ++i) req += "X-H" + std::to_string(i) + ": v\r\n";
    REQUIRE(raw.send(req + "\r\n"));
    CHECK(raw.read(5).status == 200);
  }
}

TEST_CASE("connections: an over-limit Content-Length is refused at once, before the body") {
  Config config;
  config.max_body_bytes = 1000;
  TestServer server(config);
  Raw raw(server.port());
  auto t0 = Clock::now();
  REQUIRE(raw.send("POST /v2/agent HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                   "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{"));
  Raw::Reply r = raw.read(4);  // cpp-httplib alone answered only after its 5 s read timeout
  REQUIRE(r.status == 413);
  CHECK(seconds_since(t0) < 4);
  CHECK(r.json == Json{{"error", 413},
                       {"message", "Request body is 2000000 bytes; the limit is 1000 bytes (--max-body-bytes)"}});
  CHECK(raw.closed_within(5));
}

TEST_CASE("connections: a JSON body over 8 KiB sent as a form (curl -d) is read as JSON") {
  TestServer server;
  Json body = agent_body();
  body["agent_prompts"]["task_1"]["system_prompt"] = std::string(12000, 'p');
  Raw raw(server.port());
  REQUIRE(raw.send(post("/v2/agent", body.dump(), "application/x-www-form-urlencoded")));
  Raw::Reply r = raw.read(5);
  CHECK(r.status == 201);
  // Over --max-body-bytes, the message names that flag, not the upload limit.
  Config small;
  small.max_body_bytes = 10000;
  TestServer limited(small);
  Raw raw2(limited.port());
  REQUIRE(raw2.send(post("/v2/agent", body.dump(), "application/x-www-form-urlencoded")));
  Raw::Reply over = raw2.read(5);
  CHECK(over.status == 413);
  CHECK(over.json["message"].get<std::string>().find("--max-body-bytes") != std::string::npos);
}

TEST_CASE("connections: chunked JSON bodies are read, and limited while reading") {
  Config config;
  config.max_body_bytes = 100000;
  TestServer server(config);
  std::string json = agent_body().dump();
  auto chunked = [](const std::string& data, size_t piece) {
    std::string out;
    for (size_t i = 0; i < data.size(); i += piece) {
      std::string part = data.substr(i, piece);
      char size[32];
      std::snprintf(size, sizeof(size), "%zx\r\n", part.size());
      out += size + part + "\r\n";
    }
    return out + "0\r\n\r\n";
  };
  std::string head = "POST /v2/agent HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                     "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  Raw raw(server.port());
  REQUIRE(raw.send(head + chunked(json, 100)));
  CHECK(raw.read(5).status == 201);
  REQUIRE(raw.send(get("/v2/agent/all", "k")));  // the connection goes on
  Raw::Reply all = raw.read(5);
  CHECK(all.status == 200);
  CHECK(all.json.size() == 1);
  Raw big(server.port());
  REQUIRE(big.send(head + chunked(std::string(150000, ' '), 8192)));
  Raw::Reply r = big.read(5);
  CHECK(r.status == 413);
  CHECK(r.json["message"] == "Request body is more than 100000 bytes; the limit is 100000 bytes (--max-body-bytes)");
}

TEST_CASE("connections: Expect: 100-continue gets its 100 before the body is sent") {
  TestServer server;
  std::string json = agent_body().dump();
  Raw raw(server.port());
  REQUIRE(raw.send("POST /v2/agent HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                   "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                   std::to_string(json.size()) + "\r\n\r\n"));
  Raw::Reply cont = raw.read(5);
  REQUIRE(cont.status == 100);
  REQUIRE(raw.send(json));
  CHECK(raw.read(5).status == 201);
}

TEST_CASE("connections: a body slower than --min-body-rate gets a 408") {
  Config config;
  config.body_timeout = 0.5;
  config.min_body_rate = 1000;
  TestServer server(config);
  // Small (pre-buffered while parked) and large (read by a worker) bodies.
  for (size_t length : {size_t{2000}, size_t{200000}}) {
    CAPTURE(length);
    Raw raw(server.port());
    REQUIRE(raw.send("POST /v2/agent HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                     "Content-Type: application/json\r\nContent-Length: " +
                     std::to_string(length) + "\r\n\r\n{\"a\":"));
    Raw::Reply r = raw.read(5);
    CHECK(r.status == 408);
    CHECK(r.json["error"] == 408);
    CHECK(r.json["message"].get<std::string>().find("--min-body-rate") != std::string::npos);
    CHECK(raw.closed_within(5));
  }
}

TEST_CASE("connections: a request answered before its body is read keeps the connection usable") {
  TestServer server;
  Raw raw(server.port());
  // Unknown path with a body, then a normal request on the same connection.
  REQUIRE(raw.send("POST /no/such HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" +
                   get("/__emulator/health", "")));
  CHECK(raw.read(5).status == 404);
  CHECK(raw.read(5).status == 200);
  // A DELETE without Content-Length has no body (no wait for one).
  REQUIRE(raw.send("DELETE /v2/agent/nope HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n\r\n"));
  CHECK(raw.read(4).status == 404);
}

TEST_CASE("connections: stop() closes idle and trickling connections at once") {
  auto server = std::make_unique<TestServer>();
  std::vector<Raw> idle;
  for (int i = 0; i < 20; ++i) idle.emplace_back(server->port());
  std::vector<Raw> trickling;
  for (int i = 0; i < 5; ++i) {
    trickling.emplace_back(server->port());
    REQUIRE(trickling.back().send("GET / HTTP/1.1\r\nX-A: 1\r\n"));
  }
  Raw body(server->port());
  REQUIRE(body.send("POST /v2/agent HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                    "Content-Length: 500000\r\n\r\n{"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto t0 = Clock::now();
  server.reset();  // stop() + join
  CHECK(seconds_since(t0) < 2.0);
  CHECK(idle.front().closed_within(1));
  CHECK(trickling.front().closed_within(1));
  CHECK(body.closed_within(1));
}

namespace {

// The emulator binary as a child process; stdout on a pipe.
struct Child {
  pid_t pid = -1;
  int out = -1;
  explicit Child(std::vector<std::string> args) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    args.insert(args.begin(), BOLNA_EMULATOR_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid, BOLNA_EMULATOR_BINARY, &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out = fds[0];
  }
  ~Child() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (out >= 0) close(out);
  }
  int port() {
    std::string text;
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (text.find('\n') == std::string::npos && Clock::now() < deadline) {
      pollfd p{out, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[512];
      ssize_t n = read(out, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
    auto colon = text.rfind(':');
    return colon == std::string::npos ? 0 : std::atoi(text.c_str() + colon + 1);
  }
  // Exit status, or -1 when the child is still running after `timeout_s`.
  int wait_exit(double timeout_s) {
    auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int>(timeout_s * 1000));
    while (Clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      usleep(20'000);
    }
    return -1;
  }
};

}  // namespace

TEST_CASE("connections: SIGTERM with idle and slowloris connections open exits within 2 s") {
  Child child({"--port", "0", "--host", "127.0.0.1", "--log-level", "warn"});
  int port = child.port();
  REQUIRE(port > 0);
  std::vector<Raw> idle;
  for (int i = 0; i < 50; ++i) idle.emplace_back(port);
  std::vector<Raw> trickling;
  for (int i = 0; i < 20; ++i) {
    trickling.emplace_back(port);
    REQUIRE(trickling.back().send("GET /__emulator/health HTTP/1.1\r\n"));
  }
  for (int i = 0; i < 3; ++i) {
    for (auto& t : trickling) t.send("X-Slow-" + std::to_string(i) + ": 1\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  {
    Raw normal(port);
    REQUIRE(normal.send(get("/__emulator/health", "")));
    CHECK(normal.read(5).status == 200);
  }
  auto t0 = Clock::now();
  kill(child.pid, SIGTERM);
  int status = child.wait_exit(10);
  CHECK(status == 0);
  CHECK(seconds_since(t0) < 2.0);
}
