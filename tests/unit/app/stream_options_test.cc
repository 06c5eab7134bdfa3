// The event stream's options: --stream-max-subscribers, --stream-queue and
// --stream-max-seconds with their environment twins (a flag beats its variable).
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "app/options.h"
#include "app/parse_args.h"

using namespace bolna;

using bolna::testing::parse_args;

TEST_CASE("options: stream bounds have defaults, flags and env twins") {
  unsetenv("BOLNA_EMULATOR_STREAM_MAX_SUBSCRIBERS");
  unsetenv("BOLNA_EMULATOR_STREAM_QUEUE");
  unsetenv("BOLNA_EMULATOR_STREAM_MAX_SECONDS");
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.stream_max_subscribers == 8);
    CHECK(c.stream_queue == 1000);
    CHECK(c.stream_max_seconds == 300);
  }
  setenv("BOLNA_EMULATOR_STREAM_MAX_SUBSCRIBERS", "3", 1);
  setenv("BOLNA_EMULATOR_STREAM_QUEUE", "50", 1);
  setenv("BOLNA_EMULATOR_STREAM_MAX_SECONDS", "60", 1);
  {
    Config c;
    CHECK(parse_args({"--stream-queue", "70"}, &c) == -1);
    CHECK(c.stream_max_subscribers == 3);
    CHECK(c.stream_queue == 70);  // the flag beats its variable
    CHECK(c.stream_max_seconds == 60);
  }
  unsetenv("BOLNA_EMULATOR_STREAM_MAX_SUBSCRIBERS");
  unsetenv("BOLNA_EMULATOR_STREAM_QUEUE");
  unsetenv("BOLNA_EMULATOR_STREAM_MAX_SECONDS");
  Config bad;
  CHECK(parse_args({"--stream-queue", "0"}, &bad) != -1);
}
