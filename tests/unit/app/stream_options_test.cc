// The event stream's options: --stream-max-subscribers, --stream-queue and
// --stream-max-seconds with their environment twins (a flag beats its variable).
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "app/options.h"

using namespace bolna;

namespace {

int parse_stream(std::vector<std::string> args, Config* config) {
  args.insert(args.begin(), "bolna-emulator");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data(), config);
}

}  // namespace

TEST_CASE("options: stream bounds have defaults, flags and env twins") {
  unsetenv("BOLNA_EMULATOR_STREAM_MAX_SUBSCRIBERS");
  unsetenv("BOLNA_EMULATOR_STREAM_QUEUE");
  unsetenv("BOLNA_EMULATOR_STREAM_MAX_SECONDS");
  {
    Config c;
    CHECK(parse_stream({}, &c) == -1);
    CHECK(c.stream_max_subscribers == 8);
    CHECK(c.stream_queue == 1000);
    CHECK(c.stream_max_seconds == 300);
  }
  setenv("BOLNA_EMULATOR_STREAM_MAX_SUBSCRIBERS", "3", 1);
  setenv("BOLNA_EMULATOR_STREAM_QUEUE", "50", 1);
  setenv("BOLNA_EMULATOR_STREAM_MAX_SECONDS", "60", 1);
  {
    Config c;
    CHECK(parse_stream({"--stream-queue", "70"}, &c) == -1);
    CHECK(c.stream_max_subscribers == 3);
    CHECK(c.stream_queue == 70);  // the flag beats its variable
    CHECK(c.stream_max_seconds == 60);
  }
  unsetenv("BOLNA_EMULATOR_STREAM_MAX_SUBSCRIBERS");
  unsetenv("BOLNA_EMULATOR_STREAM_QUEUE");
  unsetenv("BOLNA_EMULATOR_STREAM_MAX_SECONDS");
  Config bad;
  CHECK(parse_stream({"--stream-queue", "0"}, &bad) != -1);
}
