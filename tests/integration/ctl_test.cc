// `bolna-emulator ctl`: the real binary's control CLI against an in-process server (manual
// clock): output, --json, environment twins and exit codes (0 ok, 1 API error, 2 usage).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

extern char** environ;

using namespace bolna;
using namespace bolna::testing;

namespace {

struct CtlRun {
  int code = -1;
  std::string out;
  std::string err;
  Json json() const {
    Json parsed = Json::parse(out, nullptr, false);
    return parsed.is_discarded() ? Json() : parsed;
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `bolna-emulator ctl ARGS...` with stdout and stderr in temporary files, the
// environment without BOLNA_EMULATOR_* plus `env`, and at most 30 s.
CtlRun ctl(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  char out_path[] = "/tmp/ctl-test-out-XXXXXX";
  char err_path[] = "/tmp/ctl-test-err-XXXXXX";
  int out_fd = mkstemp(out_path);
  int err_fd = mkstemp(err_path);
  REQUIRE(out_fd >= 0);
  REQUIRE(err_fd >= 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<std::string> all_args = {BOLNA_EMULATOR_BINARY, "ctl"};
  all_args.insert(all_args.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all_args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("BOLNA_EMULATOR_", 0) != 0) env_strings.push_back(*e);
  env_strings.insert(env_strings.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  int spawned =
      posix_spawn(&pid, BOLNA_EMULATOR_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_fd);
  close(err_fd);
  REQUIRE(spawned == 0);
  CtlRun run;
  for (int i = 0; i < 300 && run.code < 0; ++i) {  // 30 s: generous for a loaded machine
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid)
      run.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    else
      usleep(100'000);
  }
  if (run.code < 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  run.out = slurp(out_path);
  run.err = slurp(err_path);
  unlink(out_path);
  unlink(err_path);
  return run;
}

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

Config ctl_config() {
  Config config = manual_clock_config();
  config.scenarios_dir = std::string(BOLNA_SOURCE_DIR) + "/scenarios";
  config.admin_token = "ctl-admin";
  return config;
}

std::string url_of(const TestServer& server) {
  return "http://127.0.0.1:" + std::to_string(server.port());
}

}  // namespace

TEST_CASE("ctl: --help documents every verb and the exit codes") {
  CtlRun run = ctl({"--help"});
  CHECK(run.code == 0);
  for (const char* verb : {"clock advance DURATION",
                           "clock run-until-idle",
                           "clock mode manual | realtime",
                           "clock set",
                           "reset [--all]",
                           "wallet",
                           "executions [--status S]",
                           "timeline ID",
                           "webhooks [--execution ID]",
                           "webhooks flush",
                           "webhooks redeliver",
                           "sink NAME [--follow]",
                           "scenario load NAME|FILE",
                           "scenario reset",
                           "faults add",
                           "faults remove",
                           "journal",
                           "--url",
                           "--key",
                           "--json",
                           "BOLNA_EMULATOR_URL",
                           "BOLNA_EMULATOR_KEY",
                           "Exit codes"}) {
    CAPTURE(verb);
    CHECK(has(run.out, verb));
  }
  CtlRun sub = ctl({"clock", "advance", "--help"});
  CHECK(sub.code == 0);
  CHECK(has(sub.out, "--to"));
}

TEST_CASE("ctl: clock show, advance and run-until-idle move a call; --json") {
  TestServer server(ctl_config());
  TestClient client = server.client("ctl-clock");
  set_clock(client, "2026-06-23T12:00:00+00:00");
  std::string agent = create_agent(client);
  std::string id = place_call(client, agent);
  std::vector<std::string> base = {"--url", url_of(server), "--key", "ctl-clock"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> all = base;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };

  CtlRun show = ctl(with({"clock"}));
  CHECK(show.code == 0);
  CHECK(has(show.out, "now       2026-06-23 12:00:00.000"));
  CHECK(has(show.out, "mode      manual"));
  CHECK(has(show.out, "pending   1"));

  CtlRun moved = ctl(with({"clock", "advance", "30s"}));
  CHECK(moved.code == 0);
  CHECK(has(moved.out, id));
  CHECK(has(moved.out, "queued     initiated"));
  CHECK(has(moved.out, "now 2026-06-23 12:00:30.000: 3 events, 1 pending"));
  CHECK(client.get("/__emulator/clock").json["now"] == "2026-06-23T12:00:30.000000+00:00");
  CHECK(get_execution(client, id)["status"] == "in-progress");

  CtlRun idle = ctl(with({"clock", "run-until-idle", "--json"}));  // --json after the verb
  CHECK(idle.code == 0);
  Json answer = idle.json();
  CHECK(answer["idle"] == true);
  REQUIRE(answer["events"].size() == 2);
  CHECK(answer["events"][0]["to"] == "call-disconnected");
  CHECK(answer["events"][1]["to"] == "completed");
  CHECK(get_execution(client, id)["status"] == "completed");

  CtlRun minutes = ctl(with({"--json", "clock", "advance", "10m"}));
  CHECK(minutes.json()["now"] == "2026-06-23T12:11:11.600000+00:00");

  CtlRun mode = ctl(with({"clock", "mode", "realtime", "60"}));
  CHECK(mode.code == 0);
  CHECK(client.get("/__emulator/clock").json["speed"] == 60.0);
  CHECK(ctl(with({"clock", "mode", "manual"})).code == 0);
  CHECK(client.get("/__emulator/clock").json["mode"] == "manual");
}

TEST_CASE("ctl: BOLNA_EMULATOR_URL and BOLNA_EMULATOR_KEY are the flags' twins") {
  TestServer server(ctl_config());
  TestClient client = server.client("ctl-env");
  create_agent(client);
  CtlRun run = ctl({"--json", "executions"},
                   {"BOLNA_EMULATOR_URL=" + url_of(server), "BOLNA_EMULATOR_KEY=ctl-env"});
  CHECK(run.code == 0);
  CHECK(run.json() == Json::array());
  CtlRun other = ctl({"--json", "--key", "someone-else", "wallet"},
                     {"BOLNA_EMULATOR_URL=" + url_of(server), "BOLNA_EMULATOR_KEY=ctl-env"});
  CHECK(other.code == 0);
  CHECK(other.json()["balance"] == 100.0);
}

TEST_CASE("ctl: exit codes: 1 for API errors and no answer, 2 for usage") {
  TestServer server(ctl_config());
  std::vector<std::string> base = {"--url", url_of(server), "--key", "ctl-codes"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> all = base;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };

  CtlRun missing = ctl(with({"timeline", "no-such-execution"}));
  CHECK(missing.code == 1);
  CHECK(has(missing.err, "404 Execution not found"));
  CtlRun missing_json = ctl(with({"--json", "timeline", "no-such-execution"}));
  CHECK(missing_json.code == 1);
  CHECK(missing_json.json() == Json{{"error", 404}, {"message", "Execution not found"}});

  CHECK(ctl(with({"clock", "advance", "10x"})).code == 2);
  CHECK(has(ctl(with({"clock", "advance", "10x"})).err, "unknown unit 'x'"));
  CHECK(ctl(with({"clock", "advance"})).code == 2);
  CHECK(ctl(with({"clock", "mode", "fast"})).code == 2);
  CHECK(ctl(with({"frobnicate"})).code == 2);
  CHECK(ctl({"--url", url_of(server), "clock"}).code == 2);  // no key
  CHECK(has(ctl({"--url", url_of(server), "clock"}).err, "--key"));
  CHECK(ctl(with({"reset", "--all"})).code == 2);  // no admin token
  CHECK(ctl({"--url", "not a url", "--key", "k", "clock"}).code == 2);
  CHECK(ctl(with({"executions", "--status", "nonsense"})).code == 2);

  CtlRun refused = ctl(with({"reset", "--all", "--admin-token", "wrong"}));
  CHECK(refused.code == 1);
  CHECK(has(refused.err, "403"));

  // A port nobody listens on: bind one, close it, ask there.
  int port = 0;
  {
    TestServer gone;
    port = gone.port();
  }
  CtlRun unreachable = ctl({"--url", "http://127.0.0.1:" + std::to_string(port), "--key", "k",
                            "--http-timeout", "2s", "clock"});
  CHECK(unreachable.code == 1);
  CHECK(has(unreachable.err, "cannot reach"));
}

TEST_CASE("ctl: executions, reset, faults, journal, scenario") {
  TestServer server(ctl_config());
  TestClient client = server.client("ctl-state");
  std::string agent = create_agent(client);
  std::string busy = place_call(client, agent, "+12025550110");
  std::string done = place_call(client, agent, "+12025550100");
  run_until_idle(client);
  std::vector<std::string> base = {"--url", url_of(server), "--key", "ctl-state"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> all = base;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };

  CtlRun list = ctl(with({"executions"}));
  CHECK(list.code == 0);
  CHECK(has(list.out, busy));
  CHECK(has(list.out, done));
  CtlRun only_busy = ctl(with({"--json", "executions", "--status", "busy"}));
  REQUIRE(only_busy.json().size() == 1);
  CHECK(only_busy.json()[0]["id"] == busy);

  CtlRun fault = ctl(with(
      {"faults", "add", "--method", "POST", "--path", "/call", "--status", "503", "--count", "1"}));
  CHECK(fault.code == 0);
  CHECK(has(fault.out, "added flt_1: POST /call -> 503, count 1"));
  CHECK(client.post("/call", Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"}})
            .status == 503);
  CtlRun faults = ctl(with({"--json", "faults"}));
  CHECK(faults.json()["faults"] == Json::array());  // count 1: gone

  CtlRun journal = ctl(with({"journal", "--path", "/call", "--status", "5xx"}));
  CHECK(journal.code == 0);
  CHECK(has(journal.out, "POST    /call  503"));
  CHECK(has(journal.out, "flt_1"));
  CHECK(ctl(with({"journal", "--status", "abc"})).code == 1);

  CtlRun loaded = ctl(with({"scenario", "load", "voicemail-heavy"}));
  CHECK(loaded.code == 0);
  CHECK(has(loaded.out, "loaded scenario voicemail-heavy"));
  CHECK(client.get("/__emulator/scenario").json["name"] == "voicemail-heavy");
  CHECK(ctl(with({"scenario", "load", "no-such-scenario"})).code == 1);

  CtlRun reset = ctl(with({"reset"}));
  CHECK(reset.code == 0);
  CHECK(has(reset.out, "reset 1 tenant"));
  CHECK(client.get("/v2/agent/all").json == Json::array());
  CHECK(client.get("/__emulator/scenario").json["name"] == "default");
}

TEST_CASE("ctl: webhooks, timeline and sink --follow") {
  TestServer server(ctl_config());
  TestClient client = server.client("ctl-hooks");
  std::string sink_url = url_of(server) + "/__emulator/sink/ctl-hooks";
  Json body = agent_body();
  body["agent_config"]["webhook_url"] = sink_url;
  Response created = client.post("/v2/agent", body);
  REQUIRE(created.status == 201);
  std::string id = place_call(client, created.json["agent_id"], "+12025550110");
  std::vector<std::string> base = {"--url", url_of(server), "--key", "ctl-hooks"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> all = base;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };

  CHECK(ctl(with({"clock", "run-until-idle"})).code == 0);
  CtlRun flush = ctl(with({"webhooks", "flush", "--timeout", "10s"}));
  CHECK(flush.code == 0);
  CHECK(has(flush.out, "done: queued 0, in flight 0, waiting retry 0"));

  CtlRun hooks = ctl(with({"webhooks", "--execution", id}));
  CHECK(hooks.code == 0);
  CHECK(has(hooks.out, "delivered"));
  CHECK(has(hooks.out, sink_url));

  CtlRun timeline = ctl(with({"timeline", id}));
  CHECK(timeline.code == 0);
  CHECK(has(timeline.out, "status busy  outcome busy"));
  CHECK(has(timeline.out, "webhook deliveries:"));

  CtlRun sink = ctl({"--url", url_of(server), "--json", "sink", "ctl-hooks"});  // no key needed
  CHECK(sink.code == 0);
  Json answer = sink.json();
  REQUIRE(answer["bodies"].size() == 4);  // queued, initiated, ringing, busy
  CHECK(answer["bodies"][3]["status"] == "busy");

  CtlRun follow = ctl({"--url", url_of(server), "sink", "ctl-hooks", "--follow", "--count", "4",
                       "--timeout", "10s", "--interval", "100ms"});
  CHECK(follow.code == 0);
  CHECK(std::count(follow.out.begin(), follow.out.end(), '\n') == 4);
  CtlRun short_of = ctl({"--url", url_of(server), "sink", "ctl-hooks", "--follow", "--count", "5",
                         "--timeout", "300ms", "--interval", "100ms"});
  CHECK(short_of.code == 1);
  CHECK(has(short_of.err, "4 of 5 bodies"));

  CHECK(ctl({"--url", url_of(server), "sink", "ctl-hooks", "--clear"}).code == 0);
  CHECK(client.get("/__emulator/sink/ctl-hooks").json["received"] == 0);
}
