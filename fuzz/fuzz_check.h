// The fuzz targets' way to report a broken invariant: print what broke and abort, which
// libFuzzer records as a crash (with the input saved) and the replay driver
// (replay_main.cc) as a failed test.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace bolna::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

inline void require(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

}  // namespace bolna::fuzz
