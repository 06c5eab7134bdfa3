// The control API's options: --journal-size and --rate-limits with their environment
// twins (a flag beats its variable).
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "app/options.h"
#include "app/parse_args.h"

using namespace bolna;

using bolna::testing::parse_args;

TEST_CASE("options: journal size and rate limits have defaults, flags and env twins") {
  unsetenv("BOLNA_EMULATOR_JOURNAL_SIZE");
  unsetenv("BOLNA_EMULATOR_RATE_LIMITS");
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.journal_size == 1000);
    CHECK(c.rate_limits == false);
  }
  {
    Config c;
    CHECK(parse_args({"--journal-size", "5", "--rate-limits"}, &c) == -1);
    CHECK(c.journal_size == 5);
    CHECK(c.rate_limits == true);
  }
  setenv("BOLNA_EMULATOR_JOURNAL_SIZE", "7", 1);
  setenv("BOLNA_EMULATOR_RATE_LIMITS", "true", 1);
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.journal_size == 7);
    CHECK(c.rate_limits == true);
  }
  {
    Config c;
    CHECK(parse_args({"--journal-size", "9"}, &c) == -1);
    CHECK(c.journal_size == 9);
  }
  setenv("BOLNA_EMULATOR_RATE_LIMITS", "false", 1);
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.rate_limits == false);
  }
  unsetenv("BOLNA_EMULATOR_JOURNAL_SIZE");
  unsetenv("BOLNA_EMULATOR_RATE_LIMITS");
}
