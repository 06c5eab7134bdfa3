#include "ctl/ctl_main.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <optional>

#include "ctl/ctl_client.h"
#include "ctl/ctl_verbs.h"

namespace bolna::ctl {

namespace {

// The statuses an execution can have (server: execution_status.cc), for --status.
const std::vector<std::string> kStatuses = {
    "scheduled",   "prepared",          "queued",    "rescheduled", "initiated", "ringing",
    "in-progress", "call-disconnected", "completed", "no-answer",   "busy",      "failed",
    "canceled",    "stopped",           "error",     "balance-low"};

const char* kVerbs = R"(
Verbs (global options may come before or after the verb; each verb has --help):
  clock                                  show the tenant's clock: now, mode, speed, pending
  clock advance DURATION | --to TIME     move it forward: 90s, 10m, 2h, 1d, 1h30m, 500ms, or seconds
  clock run-until-idle [--max DURATION]  advance until nothing is pending
  clock mode manual | realtime [SPEED]   switch the clock mode (SPEED: realtime factor)
  clock set TIME [--force]               set the time (ISO 8601); --force: back despite pending work
  reset [--all]                          wipe the tenant; --all: every tenant and sink (admin token)
  wallet [set DOLLARS]                   show or set the tenant's wallet
  executions [--status S] [--agent ID]   the tenant's executions, newest first
  timeline ID                            an execution's status changes and webhook deliveries
  webhooks [--execution ID] [--batch ID] the webhook delivery journal and backlog
  webhooks flush [--timeout DURATION]    wait until every due delivery finished (exit 1 if not)
  webhooks redeliver ATTEMPT_ID          post a journaled attempt's body again
  sink NAME [--follow] [--clear]         bodies the built-in sink NAME received (no key needed);
                                         --follow polls every --interval (1s) and prints new ones,
                                         until --count N bodies (exit 1 if --timeout passes first)
  scenario                               show the tenant's scenario
  scenario load NAME|FILE [--all]        load a local JSON FILE, or NAME from the emulator's
                                         --scenarios-dir; --all: for every tenant (admin token)
  scenario reset | scenario list         back to the startup scenario | the scenario files
  faults                                 list the tenant's faults
  faults add --path P [--method M] [--status N | --drop] [--delay D] [--count N]
             [--probability P] [--seed N] [--body JSON] [--content-type T] [--header 'K: V']...
  faults remove ID | faults clear        remove one | every fault
  journal [--method M] [--path P] [--status S] [--since SEQ|TIME] [--limit N]
                                         the request journal, oldest first
  journal clear                          empty it

Output: tables and lines for people; --json prints the API's JSON (sink --follow: one body
per line). Exit codes: 0 ok; 1 API error, emulator unreachable, flush not done or follow
count not reached; 2 usage error.
Environment: BOLNA_EMULATOR_URL, BOLNA_EMULATOR_KEY, BOLNA_EMULATOR_ADMIN_TOKEN.
)";

}  // namespace

int run_ctl(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return run_ctl(args, std::cout, std::cerr);
}

int run_ctl(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"bolna-emulator ctl: control a running bolna-emulator through its control API."};
  app.name("bolna-emulator ctl");
  app.fallthrough();  // global options after the verb too
  app.require_subcommand(1);
  app.footer(kVerbs);
  app.get_formatter()->column_width(36);

  Target target;
  bool json = false;
  std::string http_timeout = "30s";
  app.add_option("--url", target.url, "Emulator base URL")
      ->envname("BOLNA_EMULATOR_URL")
      ->capture_default_str();
  app.add_option("--key", target.key, "The tenant's API key (Bearer)")
      ->envname("BOLNA_EMULATOR_KEY");
  app.add_option("--admin-token", target.admin_token,
                 "Admin token for reset --all and scenario load --all")
      ->envname("BOLNA_EMULATOR_ADMIN_TOKEN");
  app.add_flag("--json", json, "Print the API's JSON answer instead of a table");
  app.add_option("--http-timeout", http_timeout, "Timeout of each HTTP request")
      ->capture_default_str();

  // clock
  auto* clock = app.add_subcommand("clock", "Show or move the tenant's virtual clock");
  clock->require_subcommand(0, 1);
  std::string advance_by, advance_to, idle_max, mode, set_now;
  std::optional<int> advance_events, idle_events;
  std::optional<double> speed;
  bool set_force = false;
  auto* advance =
      clock->add_subcommand("advance", "Move the clock forward; every due transition happens");
  advance->add_option("DURATION", advance_by, "How far: 90s, 10m, 2h, 1d, 1h30m, or seconds");
  advance->add_option("--to", advance_to, "Move to this ISO 8601 time instead");
  advance->add_option("--max-events", advance_events,
                      "Events listed in the answer (default 10000)");
  auto* idle = clock->add_subcommand("run-until-idle", "Advance until nothing is pending");
  idle->add_option("--max", idle_max, "Stop after this much virtual time (default 400 days)");
  idle->add_option("--max-events", idle_events, "Events listed in the answer (default 10000)");
  auto* clock_mode_cmd =
      clock->add_subcommand("mode", "Switch the clock: manual or realtime [SPEED]");
  clock_mode_cmd->add_option("MODE", mode, "manual or realtime")
      ->required()
      ->check(CLI::IsMember({"manual", "realtime"}));
  clock_mode_cmd->add_option("SPEED", speed, "Realtime speed factor (60: a minute per second)")
      ->check(CLI::PositiveNumber);
  auto* clock_set_cmd = clock->add_subcommand("set", "Set the clock to an ISO 8601 time");
  clock_set_cmd->add_option("TIME", set_now, "e.g. 2026-06-23T12:00:00+00:00")->required();
  clock_set_cmd->add_flag("--force", set_force, "Move back in time even with pending work");

  // reset, wallet
  auto* reset_cmd = app.add_subcommand("reset", "Wipe the tenant's state");
  bool reset_all = false;
  reset_cmd->add_flag("--all", reset_all, "Every tenant and every sink (needs --admin-token)");
  auto* wallet_cmd = app.add_subcommand("wallet", "Show or set the tenant's wallet");
  wallet_cmd->require_subcommand(0, 1);
  double dollars = 0;
  auto* wallet_set_cmd = wallet_cmd->add_subcommand("set", "Set the balance, in dollars");
  wallet_set_cmd->add_option("DOLLARS", dollars, "New balance")->required();

  // executions, timeline
  auto* executions_cmd = app.add_subcommand("executions", "The tenant's executions, newest first");
  std::string status, agent;
  executions_cmd->add_option("--status", status, "Only this status")
      ->check(CLI::IsMember(kStatuses));
  executions_cmd->add_option("--agent", agent, "Only this agent's");
  auto* timeline_cmd =
      app.add_subcommand("timeline", "An execution's status changes and webhook deliveries");
  std::string execution_id;
  timeline_cmd->add_option("ID", execution_id, "Execution id")->required();

  // webhooks
  auto* webhooks_cmd = app.add_subcommand("webhooks", "The webhook delivery journal");
  webhooks_cmd->require_subcommand(0, 1);
  std::string hook_execution, hook_batch, flush_timeout, attempt_id;
  webhooks_cmd->add_option("--execution", hook_execution, "Only this execution's attempts");
  webhooks_cmd->add_option("--batch", hook_batch, "Only this batch's attempts");
  auto* flush_cmd =
      webhooks_cmd->add_subcommand("flush", "Wait until every due delivery has finished");
  flush_cmd->add_option("--timeout", flush_timeout, "At most this long (default 10s, wall clock)");
  auto* redeliver_cmd =
      webhooks_cmd->add_subcommand("redeliver", "Post a journaled attempt's body again");
  redeliver_cmd->add_option("ATTEMPT_ID", attempt_id, "Attempt id (the ID column)")->required();

  // sink
  auto* sink_cmd = app.add_subcommand("sink", "What the built-in webhook sink NAME received");
  SinkOptions sink_options;
  sink_cmd
      ->add_option("NAME", sink_options.name, "Sink name (webhook_url .../__emulator/sink/NAME)")
      ->required();
  sink_cmd->add_flag("--follow,-f", sink_options.follow, "Keep polling and print new bodies");
  sink_cmd->add_option("--interval", sink_options.interval, "--follow: time between polls")
      ->capture_default_str();
  sink_cmd->add_option("--count", sink_options.count, "--follow: stop after this many bodies")
      ->check(CLI::PositiveNumber);
  sink_cmd->add_option("--timeout", sink_options.timeout,
                       "--follow: stop after this long (with --count: exit 1)");
  sink_cmd->add_flag("--clear", sink_options.clear, "Delete what the sink holds");

  // scenario
  auto* scenario_cmd = app.add_subcommand("scenario", "Show or load the tenant's scenario");
  scenario_cmd->require_subcommand(0, 1);
  std::string scenario_arg;
  bool scenario_all = false;
  auto* load_cmd = scenario_cmd->add_subcommand(
      "load", "Load a scenario: NAME under --scenarios-dir, or a local FILE");
  load_cmd->add_option("NAME|FILE", scenario_arg, "sales-campaign, or ./my-scenario.json")
      ->required();
  load_cmd->add_flag("--all", scenario_all,
                     "As the startup scenario of every tenant (admin token)");
  auto* scenario_reset_cmd = scenario_cmd->add_subcommand("reset", "Back to the startup scenario");
  auto* scenario_list_cmd = scenario_cmd->add_subcommand("list", "The emulator's scenario files");

  // faults
  auto* faults_cmd = app.add_subcommand("faults", "List, add or remove injected faults");
  faults_cmd->require_subcommand(0, 1);
  FaultOptions fault;
  std::string fault_id;
  auto* fault_add_cmd = faults_cmd->add_subcommand("add", "Add a fault");
  fault_add_cmd
      ->add_option("--path", fault.path, "Path pattern: /call, /v2/agent/*, /v2/agent/{agent_id}")
      ->required();
  fault_add_cmd->add_option("--method", fault.method,
                            "GET, POST, PUT, PATCH, DELETE or * (default *)");
  fault_add_cmd->add_option("--status", fault.status, "Answer this status (200-599)");
  fault_add_cmd->add_flag("--drop", fault.drop, "Close the connection without an answer");
  fault_add_cmd->add_option("--delay", fault.delay, "Wait this long first (wall clock): 500ms, 2s");
  fault_add_cmd->add_option("--count", fault.count, "Fire this many times, then disappear");
  fault_add_cmd->add_option("--probability", fault.probability, "Fire with this probability (0-1)");
  fault_add_cmd->add_option("--seed", fault.seed, "Seed of the probability's generator");
  fault_add_cmd->add_option("--body", fault.body, "Answer body (JSON, or text)");
  fault_add_cmd->add_option("--content-type", fault.content_type, "Answer Content-Type");
  fault_add_cmd->add_option("--header", fault.headers, "Answer header 'Name: value' (repeatable)");
  auto* fault_list_cmd = faults_cmd->add_subcommand("list", "List the faults (the default)");
  auto* fault_remove_cmd = faults_cmd->add_subcommand("remove", "Remove one fault");
  fault_remove_cmd->add_option("ID", fault_id, "Fault id (flt_1)")->required();
  auto* fault_clear_cmd = faults_cmd->add_subcommand("clear", "Remove every fault");

  // journal
  auto* journal_cmd = app.add_subcommand("journal", "The tenant's request journal");
  journal_cmd->require_subcommand(0, 1);
  JournalFilter filter;
  journal_cmd->add_option("--method", filter.method, "Only this method");
  journal_cmd->add_option("--path", filter.path, "Only paths matching this pattern");
  journal_cmd->add_option("--status", filter.status, "Only this status (404) or class (4xx)");
  journal_cmd->add_option("--since", filter.since, "After this seq, or at/after this ISO time");
  journal_cmd->add_option("--limit", filter.limit, "Only the newest N matches");
  auto* journal_clear_cmd = journal_cmd->add_subcommand("clear", "Empty the journal");

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? 0 : 2;
  }

  try {
    target.timeout_seconds = duration_arg("--http-timeout", http_timeout);
    if (target.timeout_seconds <= 0) throw UsageError("--http-timeout must be more than 0");
    CtlClient client(target);
    Context ctx{client, out, err, json};
    if (clock->parsed()) {
      if (advance->parsed())
        clock_advance(ctx, advance_by, advance_to, advance_events);
      else if (idle->parsed())
        clock_run_until_idle(ctx, idle_max, idle_events);
      else if (clock_mode_cmd->parsed())
        clock_mode(ctx, mode, speed);
      else if (clock_set_cmd->parsed())
        clock_set(ctx, set_now, set_force);
      else
        clock_show(ctx);
    } else if (reset_cmd->parsed()) {
      reset(ctx, reset_all);
    } else if (wallet_cmd->parsed()) {
      if (wallet_set_cmd->parsed())
        wallet_set(ctx, dollars);
      else
        wallet_show(ctx);
    } else if (executions_cmd->parsed()) {
      executions(ctx, status, agent);
    } else if (timeline_cmd->parsed()) {
      timeline(ctx, execution_id);
    } else if (webhooks_cmd->parsed()) {
      if (flush_cmd->parsed()) return webhooks_flush(ctx, flush_timeout);
      if (redeliver_cmd->parsed())
        webhooks_redeliver(ctx, attempt_id);
      else
        webhooks(ctx, hook_execution, hook_batch);
    } else if (sink_cmd->parsed()) {
      return sink(ctx, sink_options);
    } else if (scenario_cmd->parsed()) {
      if (load_cmd->parsed())
        scenario_load(ctx, scenario_arg, scenario_all);
      else if (scenario_reset_cmd->parsed())
        scenario_reset(ctx);
      else if (scenario_list_cmd->parsed())
        scenario_list(ctx);
      else
        scenario_show(ctx);
    } else if (faults_cmd->parsed()) {
      if (fault_add_cmd->parsed()) {
        if (fault.drop && fault.status)
          throw UsageError("faults add: --status and --drop exclude each other");
        faults_add(ctx, fault);
      } else if (fault_remove_cmd->parsed()) {
        faults_remove(ctx, fault_id);
      } else if (fault_clear_cmd->parsed()) {
        faults_clear(ctx);
      } else {
        (void)fault_list_cmd;
        faults_list(ctx);
      }
    } else if (journal_cmd->parsed()) {
      if (journal_clear_cmd->parsed())
        journal_clear(ctx);
      else
        journal(ctx, filter);
    }
    return 0;
  } catch (const UsageError& e) {
    err << "bolna-emulator ctl: " << e.what() << "\nRun with --help for more information.\n";
    return 2;
  } catch (const ApiFailure& e) {
    if (json && !e.body.is_null()) out << e.body.dump(2) << "\n";
    err << "bolna-emulator ctl: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {  // e.g. an answer of an unexpected shape
    err << "bolna-emulator ctl: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace bolna::ctl
