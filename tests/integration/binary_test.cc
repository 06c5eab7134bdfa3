// The bolna-emulator executable itself: --help, environment twins, port 0, SIGTERM.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "test_support.h"

extern char** environ;

using namespace bolna;
using namespace bolna::testing;

namespace {

// A child process running the emulator binary with its stdout on a pipe.
struct Child {
  pid_t pid = -1;
  int out = -1;

  Child(const std::vector<std::string>& args, const std::vector<std::string>& env_extra) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> all_args = {BOLNA_EMULATOR_BINARY};
    all_args.insert(all_args.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all_args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e)
      if (std::string(*e).rfind("BOLNA_EMULATOR_", 0) != 0) env_strings.push_back(*e);
    env_strings.insert(env_strings.end(), env_extra.begin(), env_extra.end());
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    REQUIRE(posix_spawn(&pid, BOLNA_EMULATOR_BINARY, &actions, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out = fds[0];
  }

  // Reads stdout until `needle` shows up, EOF, or 10 s pass.
  std::string read_until(const std::string& needle) {
    std::string text;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (text.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buf[4096];
      ssize_t n = read(out, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
    return text;
  }

  // Waits (at most 30 s) for the exit status; kills the child if it hangs.
  int wait_exit() {
    for (int i = 0; i < 300; ++i) {  // 30 s: generous for a loaded machine
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      usleep(100'000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    pid = -1;
    return -1;
  }

  ~Child() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (out >= 0) close(out);
  }
};

int port_from(const std::string& text) {
  auto pos = text.find("listening on http://127.0.0.1:");
  REQUIRE(pos != std::string::npos);
  return std::atoi(text.c_str() + pos + std::string("listening on http://127.0.0.1:").size());
}

}  // namespace

TEST_CASE("binary: --help lists every option with its environment twin") {
  Child child({"--help"}, {});
  std::string text = child.read_until("\x04");  // read to EOF
  CHECK(child.wait_exit() == 0);
  for (const char* flag : {"--host", "--port", "--profile", "--keys", "--admin-token",
                           "--log-level", "--public-url", "--max-body-bytes",
                           "--max-upload-bytes", "--threads", "--seed", "--webhook-timeout",
                           "--webhook-attempts", "--webhook-backoff", "--webhook-workers"}) {
    CAPTURE(flag);
    CHECK(text.find(flag) != std::string::npos);
  }
  CHECK(text.find("BOLNA_EMULATOR_PORT") != std::string::npos);
  CHECK(text.find("BOLNA_EMULATOR_ADMIN_TOKEN") != std::string::npos);
  CHECK(text.find("BOLNA_EMULATOR_WEBHOOK_TIMEOUT") != std::string::npos);
}

TEST_CASE("binary: port 0 prints the port, SIGTERM stops it with exit 0") {
  Child child({"--port", "0", "--log-level", "warn"}, {});
  int port = port_from(child.read_until("\n"));
  REQUIRE(port > 0);
  TestClient c(port, "k");
  CHECK(c.get("/__emulator/ready").status == 200);
  kill(child.pid, SIGTERM);
  CHECK(child.wait_exit() == 0);
}

TEST_CASE("binary: SIGINT also exits 0") {
  Child child({"--port", "0", "--log-level", "off"}, {});
  int port = port_from(child.read_until("\n"));
  REQUIRE(port > 0);
  kill(child.pid, SIGINT);
  CHECK(child.wait_exit() == 0);
}

TEST_CASE("binary: environment twins work and a flag beats its variable") {
  {
    Child child({"--log-level", "off"}, {"BOLNA_EMULATOR_PORT=0", "BOLNA_EMULATOR_PROFILE=live"});
    int port = port_from(child.read_until("\n"));
    REQUIRE(port > 0);
    Response r = TestClient(port, "").get("/v2/agent/all");
    CHECK(r.status == 403);  // live profile came from the environment
    kill(child.pid, SIGTERM);
    CHECK(child.wait_exit() == 0);
  }
  {
    Child child({"--log-level", "off", "--profile", "docs"},
                {"BOLNA_EMULATOR_PORT=0", "BOLNA_EMULATOR_PROFILE=live"});
    int port = port_from(child.read_until("\n"));
    REQUIRE(port > 0);
    CHECK(TestClient(port, "").get("/v2/agent/all").status == 401);  // the flag won
    kill(child.pid, SIGTERM);
    CHECK(child.wait_exit() == 0);
  }
}

TEST_CASE("binary: a bad option value is refused with a non-zero exit") {
  Child child({"--profile", "nonsense"}, {});
  CHECK(child.wait_exit() != 0);
  Child attempts({"--webhook-attempts", "0"}, {});
  CHECK(attempts.wait_exit() != 0);
}

TEST_CASE("binary: --healthcheck exits 0 against a ready emulator, 1 when nothing listens") {
  Child server({"--port", "0", "--log-level", "off"}, {});
  int port = port_from(server.read_until("\n"));
  REQUIRE(port > 0);
  std::string p = std::to_string(port);
  {
    Child probe({"--healthcheck", "--port", p}, {});
    CHECK(probe.read_until("\n").find("ready") != std::string::npos);
    CHECK(probe.wait_exit() == 0);
  }
  {
    // The container's way: the port comes from the environment, the host is the wildcard
    // the server listens on, which the probe maps to loopback.
    Child probe({"--healthcheck"}, {"BOLNA_EMULATOR_PORT=" + p, "BOLNA_EMULATOR_HOST=0.0.0.0"});
    CHECK(probe.wait_exit() == 0);
  }
  kill(server.pid, SIGTERM);
  REQUIRE(server.wait_exit() == 0);
  Child probe({"--healthcheck", "--port", p}, {});
  CHECK(probe.wait_exit() == 1);
}

TEST_CASE("binary: --healthcheck with port 0 has nothing to probe and exits 1") {
  Child probe({"--healthcheck", "--port", "0"}, {});
  CHECK(probe.wait_exit() == 1);
}
