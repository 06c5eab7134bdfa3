// The verbs of `bolna-emulator ctl`, one function each: they send the control-API requests
// and print the answer (a table or line for people, the JSON with --json). ctl_main.cc
// parses the command line and calls them; errors are thrown (ctl_client.h) and turned into
// exit codes there.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ctl/ctl_client.h"

namespace bolna::ctl {

struct Context {
  CtlClient& client;
  std::ostream& out;
  std::ostream& err;
  bool json = false;
};

// clock (ctl_clock.cc)
void clock_show(Context& ctx);
void clock_advance(Context& ctx, const std::string& duration, const std::string& to,
                   std::optional<int> max_events);
void clock_run_until_idle(Context& ctx, const std::string& max, std::optional<int> max_events);
void clock_mode(Context& ctx, const std::string& mode, std::optional<double> speed);
void clock_set(Context& ctx, const std::string& now, bool force);
void reset(Context& ctx, bool all);
void wallet_show(Context& ctx);
void wallet_set(Context& ctx, double dollars);

// inspection (ctl_inspect.cc)
void executions(Context& ctx, const std::string& status, const std::string& agent_id);
void timeline(Context& ctx, const std::string& execution_id);
void webhooks(Context& ctx, const std::string& execution_id, const std::string& batch_id);
// Returns the exit code: 1 when the deliveries did not settle within the timeout.
int webhooks_flush(Context& ctx, const std::string& timeout);
void webhooks_redeliver(Context& ctx, const std::string& attempt_id);

struct SinkOptions {
  std::string name;
  bool follow = false;
  std::string interval = "1s";  // --follow: time between polls
  std::string timeout;          // --follow: stop after this (wall clock); empty: never
  std::optional<int> count;     // --follow: stop once this many bodies were shown
  bool clear = false;
};
// Returns the exit code (1 when --follow --count timed out first).
int sink(Context& ctx, const SinkOptions& options);

struct JournalFilter {
  std::string method, path, status, since;
  std::optional<int> limit;
};
void journal(Context& ctx, const JournalFilter& filter);
void journal_clear(Context& ctx);

// setup (ctl_setup.cc)
void scenario_show(Context& ctx);
void scenario_load(Context& ctx, const std::string& name_or_file, bool all);
void scenario_reset(Context& ctx);
void scenario_list(Context& ctx);

struct FaultOptions {
  std::string method, path, body, content_type, delay;
  std::optional<int> status, count;
  std::optional<double> probability;
  std::optional<long long> seed;
  std::vector<std::string> headers;  // "Name: value"
  bool drop = false;
};
void faults_add(Context& ctx, const FaultOptions& options);
void faults_list(Context& ctx);
void faults_remove(Context& ctx, const std::string& id);
void faults_clear(Context& ctx);

// Seconds in a duration flag, or UsageError naming the flag.
double duration_arg(const std::string& flag, const std::string& text);

}  // namespace bolna::ctl
