#include "app/options.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>

namespace bolna {

namespace {

// "--admin-token" -> "BOLNA_EMULATOR_ADMIN_TOKEN"
std::string env_twin(const std::string& flag) {
  std::string name = "BOLNA_EMULATOR_";
  for (char c : flag.substr(2)) name += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return name;
}

template <typename T>
CLI::Option* add(CLI::App& app, const std::string& flag, T& value, const std::string& help) {
  return app.add_option(flag, value, help)->envname(env_twin(flag))->capture_default_str();
}

}  // namespace

int parse_options(int argc, char** argv, Config* config) {
  CLI::App app{"bolna-emulator: an emulator of the Bolna voice-AI calling API.\n"
               "Every option can also be set by the environment variable shown with it;\n"
               "a flag beats its variable."};
  app.set_version_flag("--version", std::string(BOLNA_EMULATOR_VERSION));
  app.get_formatter()->column_width(40);

  std::string profile = config->profile == Profile::kLive ? "live" : "docs";
  int64_t seed = -1;

  add(app, "--host", config->host, "Address to listen on");
  add(app, "--port", config->port, "Port to listen on; 0 picks a free one and prints it")
      ->check(CLI::Range(0, 65535));
  add(app, "--profile", profile, "Fidelity profile: docs (documentation) or live (production)")
      ->check(CLI::IsMember({"docs", "live"}));
  add(app, "--keys", config->keys_file,
      "File of accepted API keys (one per line, optional 'read-only'); default: any key")
      ->check(CLI::ExistingFile);
  add(app, "--fixtures", config->fixtures_file,
      "Fixtures file (JSON): agents with given ids, numbers, wallet, concurrency, scenario "
      "and webhook headers per API key and under \"*\" for every other key; reset "
      "restores them")
      ->check(CLI::ExistingFile);
  add(app, "--phone-numbers", config->phone_numbers,
      "Comma-separated E.164 numbers every tenant owns besides +12025550100 "
      "(usable as from_phone_number and in batches)");
  add(app, "--admin-token", config->admin_token,
      "Token for global control actions (header X-Emulator-Admin-Token)");
  add(app, "--log-level", config->log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  add(app, "--public-url", config->public_url,
      "Base URL used in links the emulator hands out (default: http://HOST:PORT)");
  add(app, "--max-body-bytes", config->max_body_bytes, "Largest JSON request body (413 above)");
  add(app, "--max-upload-bytes", config->max_upload_bytes,
      "Largest multipart upload, e.g. a batch CSV (413 above)");
  add(app, "--threads", config->threads,
      "HTTP worker threads serving requests (an event stream or a latency fault runs on a "
      "thread of its own)")->check(CLI::Range(1, 1024));
  add(app, "--max-connections", config->max_connections,
      "Open client connections; above, the longest-idle one is closed to make room")
      ->check(CLI::Range(1, 1000000));
  add(app, "--keep-alive-timeout", config->keep_alive_timeout,
      "Seconds an idle keep-alive connection is kept open")
      ->check(CLI::Range(1, 3600));
  add(app, "--header-timeout", config->header_timeout,
      "Seconds a client has to send a whole request head (then 408)")
      ->check(CLI::Range(0.05, 3600.0));
  add(app, "--body-timeout", config->body_timeout,
      "Seconds a request body may take before --min-body-rate applies (then 408)")
      ->check(CLI::Range(0.05, 3600.0));
  add(app, "--min-body-rate", config->min_body_rate,
      "Bytes per second a request body must average after --body-timeout (0: no minimum)")
      ->check(CLI::Range(0, 1 << 30));
  add(app, "--max-header-bytes", config->max_header_bytes,
      "Largest request head (request line and headers); above it, 431")
      ->check(CLI::Range(1024, 1 << 24));
  add(app, "--max-headers", config->max_headers, "Most header fields in a request; above, 431")
      ->check(CLI::Range(1, 100000));
  add(app, "--seed", seed, "Seed for ids and outcome picks (-1: random)");
  add(app, "--clock", config->clock, "Clock mode of new tenants: realtime or manual")
      ->check(CLI::IsMember({"realtime", "manual"}));
  add(app, "--clock-speed", config->clock_speed, "Speed factor of realtime clocks")
      ->check(CLI::Range(0.001, 1e6));
  add(app, "--concurrency", config->concurrency, "Concurrent calls per tenant")
      ->check(CLI::Range(1, 100000));
  add(app, "--wallet", config->wallet, "Starting wallet of new tenants, in dollars")
      ->check(CLI::NonNegativeNumber);
  add(app, "--journal-size", config->journal_size,
      "Request journal entries kept per tenant (oldest dropped; 0 turns it off)")
      ->check(CLI::Range(0, 1000000));
  add(app, "--max-delayed-requests", config->max_delayed_requests,
      "Requests a latency fault may hold (waiting on an HTTP worker) at once, all tenants "
      "together; more answer 503 at once")
      ->check(CLI::Range(0, 10000));
  app.add_flag("--rate-limits", config->rate_limits,
               "Enforce the documented per-minute rate limits (429) from the start")
      ->envname(env_twin("--rate-limits"));
  // An action, not a setting: no environment twin (it would turn every start into a probe).
  app.add_flag("--healthcheck", config->healthcheck,
               "Probe GET /__emulator/ready of the emulator at --host/--port and exit 0 "
               "(ready) or 1 (for container health checks)");
  add(app, "--webhook-timeout", config->webhook_timeout,
      "Seconds a webhook receiver has to accept and to answer (per read)")
      ->check(CLI::Range(0.01, 3600.0));
  add(app, "--webhook-attempts", config->webhook_attempts,
      "Attempts per webhook delivery, the first included")
      ->check(CLI::Range(1, 100));
  add(app, "--webhook-backoff", config->webhook_backoff,
      "Virtual seconds before a webhook's 2nd attempt; doubles after each failure")
      ->check(CLI::Range(0.0, 86400.0));
  add(app, "--webhook-workers", config->webhook_workers, "Threads posting webhooks")
      ->check(CLI::Range(1, 256));
  add(app, "--webhook-journal-size", config->webhook_journal_size,
      "Webhook attempts journaled per tenant (the oldest are dropped beyond)")
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  add(app, "--stream-max-subscribers", config->stream_max_subscribers,
      "Event streams (GET /__emulator/stream) open at once")
      ->check(CLI::Range(1, 512));
  add(app, "--stream-queue", config->stream_queue,
      "Events queued per stream subscriber; beyond, new events are dropped and counted")
      ->check(CLI::Range(1, 1000000));
  add(app, "--stream-max-seconds", config->stream_max_seconds,
      "Seconds after which an event stream ends (the client reconnects)")
      ->check(CLI::Range(1, 86400));

  add(app, "--max-tenants", config->max_tenants,
      "Tenants (API keys) kept at once; a new key beyond evicts the least recently used "
      "idle tenant (0: no limit)")
      ->check(CLI::Range(size_t{0}, size_t{100000}));
  add(app, "--max-executions", config->max_executions,
      "Executions one tenant may hold; calls and batches beyond are refused with 409 "
      "(0: no limit)");
  add(app, "--max-journal-bytes", config->max_journal_bytes,
      "Bytes of the request journals of all tenants together; beyond, the oldest entries "
      "go first (0: no limit)");
  add(app, "--malloc-arena-max", config->malloc_arena_max,
      "glibc malloc arenas at most (0: glibc's default, 8 per core; MALLOC_ARENA_MAX wins)")
      ->check(CLI::Range(0, 1024));
  add(app, "--memory-trim-interval", config->memory_trim_interval,
      "Seconds between returns of free heap memory to the system (malloc_trim; 0: never)")
      ->check(CLI::Range(0.0, 86400.0));

  add(app, "--scenario", config->scenario_file,
      "Startup scenario file (or a name under --scenarios-dir); default: "
      "<scenarios-dir>/default.json when present, else the built-in default");
  add(app, "--scenarios-dir", config->scenarios_dir,
      "Directory of scenario files that PUT /__emulator/scenario can load by name");
  app.add_flag("--watch", config->watch, "Reload the startup scenario file when it changes")
      ->envname(env_twin("--watch"));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  config->profile = profile == "live" ? Profile::kLive : Profile::kDocs;
  if (seed >= 0) config->seed = static_cast<uint64_t>(seed);
  return -1;
}

}  // namespace bolna
