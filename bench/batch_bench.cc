// Batch benchmark: runs an emulator in-process on a loopback port with the manual clock
// and times a large CSV batch over real HTTP: upload (POST /batches), processing, then
// schedule and POST /__emulator/clock/run-until-idle until every row has ended. Prints
// wall times and the process's peak resident memory (VmHWM, server and client together).
//
// Usage: batch_bench [rows=100000] [max_concurrency=10]   (bench/run.sh wraps it)
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "app/app.h"
#include "common/json.h"

using namespace bolna;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A line of /proc/self/status in MiB (e.g. "VmHWM").
double proc_status_mib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
  return 0;
}

[[noreturn]] void fail(const std::string& what, const httplib::Result& r) {
  std::fprintf(stderr, "batch_bench: %s failed: %s\n", what.c_str(),
               r ? (std::to_string(r->status) + " " + r->body.substr(0, 300)).c_str()
                 : httplib::to_string(r.error()).c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  size_t rows = argc > 1 ? std::stoul(argv[1]) : 100000;
  int concurrency = argc > 2 ? std::stoi(argv[2]) : 10;

  Config config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.clock = "manual";
  config.log_level = "warn";
  config.max_executions = 0;  // any rows= (the default bound is 200000 per tenant)
  App app(config);
  int port = app.bind();
  std::thread server([&] { app.run(); });

  httplib::Client cli("127.0.0.1", port);
  cli.set_read_timeout(600);
  httplib::Headers auth = {{"Authorization", "Bearer bench-key"}};
  auto post_json = [&](const std::string& path, const Json& body) {
    auto r = cli.Post(path.c_str(), auth, body.dump(), "application/json");
    if (!r || r->status >= 300) fail("POST " + path, r);
    return Json::parse(r->body);
  };
  auto get_json = [&](const std::string& path) {
    auto r = cli.Get(path.c_str(), auth);
    if (!r || r->status >= 300) fail("GET " + path, r);
    return Json::parse(r->body);
  };

  post_json("/__emulator/clock", {{"now", "2026-06-23T12:00:00+00:00"}});
  auto put = cli.Put("/__emulator/concurrency", auth, Json{{"max", concurrency}}.dump(),
                     "application/json");
  if (!put || put->status != 200) fail("PUT /__emulator/concurrency", put);
  // Enough money for every call to complete (the default $100 runs out after ~450 calls).
  put = cli.Put("/__emulator/wallet", auth, Json{{"balance", 1e9}}.dump(), "application/json");
  if (!put || put->status != 200) fail("PUT /__emulator/wallet", put);
  Json agent_body = Json::parse(R"({
    "agent_config": {"agent_name": "Bench", "agent_welcome_message": "Hello {name}",
      "tasks": [{"task_type": "conversation", "tools_config": {
        "llm_agent": {"agent_type": "simple_llm_agent", "agent_flow_type": "streaming",
                      "llm_config": {"provider": "openai", "model": "gpt-4.1-mini"}},
        "synthesizer": {"provider": "elevenlabs", "provider_config": {"voice": "Nila"}},
        "transcriber": {"provider": "deepgram", "model": "nova-2"},
        "input": {"provider": "plivo", "format": "wav"},
        "output": {"provider": "plivo", "format": "wav"}},
        "toolchain": {"execution": "parallel", "pipelines": [["transcriber", "llm", "synthesizer"]]}}]},
    "agent_prompts": {"task_1": {"system_prompt": "You are a helpful agent."}}})");
  std::string agent_id = post_json("/v2/agent", agent_body)["agent_id"];

  // Indian mobile numbers (default outcome) with two variable columns.
  std::string csv = "contact_number,name,city\n";
  csv.reserve(rows * 40);
  for (size_t i = 0; i < rows; ++i)
    csv += "+9198" + std::to_string(10000000 + i) + ",Customer " + std::to_string(i) + ",Pune\n";
  double rss_before = proc_status_mib("VmRSS");

  auto t0 = Clock::now();
  httplib::MultipartFormDataItems items = {{"agent_id", agent_id, "", ""},
                                           {"file", csv, "bench.csv", "text/csv"}};
  auto up = cli.Post("/batches", auth, items);
  if (!up || up->status != 201) fail("POST /batches", up);
  double upload_s = seconds_since(t0);
  std::string batch_id = Json::parse(up->body)["batch_id"];

  auto t1 = Clock::now();
  post_json("/__emulator/clock/advance", {{"seconds", 2}, {"max_events", 0}});
  Json b = get_json("/batches/" + batch_id);
  if (b["status"] != "processed") {
    std::fprintf(stderr, "batch_bench: expected processed, got %s\n", b.dump().c_str());
    return 1;
  }
  post_json("/batches/" + batch_id + "/schedule", {{"scheduled_at", "2026-06-23T12:05:00+00:00"}});
  double process_s = seconds_since(t1);

  auto t2 = Clock::now();
  Json idle = post_json("/__emulator/clock/run-until-idle", {{"max_events", 0}});
  double run_s = seconds_since(t2);
  b = get_json("/batches/" + batch_id);
  double total_s = seconds_since(t0);
  if (b["status"] != "completed") {
    std::fprintf(stderr, "batch_bench: expected completed, got %s\n", b.dump().c_str());
    return 1;
  }

  std::printf("rows                      %zu (valid %s)\n", rows,
              b["valid_contacts"].dump().c_str());
  std::printf("max_concurrency           %d\n", concurrency);
  std::printf("upload (POST /batches)    %.3f s\n", upload_s);
  std::printf("process + schedule        %.3f s\n", process_s);
  std::printf("run-until-idle            %.3f s (%s transitions, virtual end %s)\n", run_s,
              idle["events_total"].dump().c_str(), idle["now"].get<std::string>().c_str());
  std::printf("upload -> completed       %.3f s\n", total_s);
  std::printf("execution_status          %s\n", b["execution_status"].dump().c_str());
  std::printf("RSS before upload         %.1f MiB\n", rss_before);
  std::printf("peak RSS (VmHWM)          %.1f MiB\n", proc_status_mib("VmHWM"));

  app.stop();
  server.join();
  return 0;
}
