// Test helper for the options tests: runs parse_options (app/options.h) on `args` as if
// they followed "bolna-emulator" on a command line. Returns what parse_options returns
// (-1: go on and serve). Environment variables are read as the binary reads them.
#pragma once

#include <string>
#include <vector>

#include "app/options.h"

namespace bolna::testing {

inline int parse_args(std::vector<std::string> args, Config* config) {
  args.insert(args.begin(), "bolna-emulator");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data(), config);
}

}  // namespace bolna::testing
