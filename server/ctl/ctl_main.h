// `bolna-emulator ctl VERB ...`: the control CLI that talks to a running emulator over its
// control API (clock, reset, executions, timeline, webhooks, sink, scenario, faults,
// journal). server/main.cc calls run_ctl when the first argument is "ctl"; tests may call
// the stream overload. Exit codes: 0 ok, 1 API error or unreachable, 2 usage.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace bolna::ctl {

// argv[0] is "ctl" (main passes argc - 1, argv + 1); prints to stdout and stderr.
int run_ctl(int argc, char** argv);

// `args` are what follows "ctl".
int run_ctl(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace bolna::ctl
