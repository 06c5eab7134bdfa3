// Config: every setting of the emulator, filled from flags and BOLNA_EMULATOR_* variables
// (app/options.h) or directly by tests. Read-only once the server starts; share freely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/time.h"

namespace bolna {

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0: pick a free port and print it
  Profile profile = Profile::kDocs;
  std::string keys_file;           // empty: every key is accepted (own tenant)
  std::string fixtures_file;       // --fixtures: tenants' starting state; empty: none
  std::string phone_numbers;       // --phone-numbers: comma-separated E.164 numbers every
                                   // tenant owns besides the default one; empty: none
  std::string admin_token;         // empty: global control actions are refused
  std::string log_level = "info";  // trace, debug, info, warn, error, off
  std::string public_url;          // empty: http://HOST:PORT of the bound socket
  size_t max_body_bytes = 1 << 20;         // JSON request bodies
  size_t max_upload_bytes = 64u << 20;     // multipart uploads (CSV, PDF)
  int threads = 8;                 // HTTP worker threads (streams and delays hand theirs off)
  // HTTP connections (http/connection_engine.h; README "HTTP connections").
  double header_timeout = 10.0;    // seconds from a head's first byte to its blank line
  int keep_alive_timeout = 5;      // seconds an idle keep-alive connection is kept
  double body_timeout = 10.0;      // seconds a request body gets before min_body_rate applies
  size_t min_body_rate = 1024;     // bytes/s a body must average beyond body_timeout (0: off)
  size_t max_header_bytes = 65536;  // request line + headers
  size_t max_headers = 100;        // header fields per request
  size_t max_connections = 1024;   // open client connections; above, the longest idle goes
  std::optional<uint64_t> seed;    // same seed + same requests = same ids and outcomes
  std::string clock = "realtime";  // default clock mode of new tenants: realtime or manual
  double clock_speed = 1.0;        // realtime speed factor of new tenants
  int concurrency = 10;            // concurrent calls per tenant (documented paid default)
  double wallet = 100.0;           // starting wallet of new tenants, in dollars
  size_t journal_size = 1000;      // request journal entries kept per tenant (0: off)
  int max_delayed_requests = 4;    // latency faults waiting at once, all tenants together
  bool rate_limits = false;        // documented per-minute limits on from the start
  std::string scenario_file;       // startup scenario; empty: <scenarios_dir>/default.json
                                   // when present, else the built-in default
  std::string scenarios_dir = "scenarios";  // where PUT /__emulator/scenario finds files
  bool watch = false;              // reload scenario_file when it changes
  bool healthcheck = false;        // --healthcheck: probe a running emulator, then exit
  double webhook_timeout = 10.0;   // seconds: connect and per-read timeout of a delivery
  int webhook_attempts = 5;        // attempts per webhook delivery, the first included
  double webhook_backoff = 30.0;   // virtual seconds before the 2nd attempt; doubles each time
  int webhook_workers = 8;         // threads posting webhooks
  size_t webhook_journal_size = 10000;  // webhook attempts journaled per tenant
  // Bounds (README "Options"); 0 means no limit.
  size_t max_tenants = 1000;       // tenants kept; beyond, the least recently used idle one goes
  size_t max_executions = 200000;  // executions per tenant; beyond, new calls/batches get 409
  size_t max_journal_bytes = 64u << 20;  // request journal bytes of all tenants together
  // Allocator (app/memory_trimmer.h): glibc malloc arenas at most (0: glibc's default of 8
  // per core), and seconds between returns of free heap pages to the system (0: never).
  int malloc_arena_max = 2;
  double memory_trim_interval = 1.0;
  // GET /__emulator/stream (server-sent events): at most this many streams at once, each
  // on its own thread (not an HTTP worker), each queueing at most stream_queue events and
  // ending after stream_max_seconds (EventSource reconnects by itself).
  int stream_max_subscribers = 8;
  int stream_queue = 1000;
  int stream_max_seconds = 300;
};

}  // namespace bolna
