// The bounds of issue #14: --max-tenants, --max-executions, --max-journal-bytes, with
// their environment twins (a flag beats its variable) and defaults.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "app/options.h"
#include "app/parse_args.h"

using namespace bolna;

using bolna::testing::parse_args;

TEST_CASE("options: the bounds have defaults, flags and env twins") {
  for (const char* v : {"BOLNA_EMULATOR_MAX_TENANTS", "BOLNA_EMULATOR_MAX_EXECUTIONS",
                        "BOLNA_EMULATOR_MAX_JOURNAL_BYTES"})
    unsetenv(v);
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.max_tenants == 1000);
    CHECK(c.max_executions == 200000);
    CHECK(c.max_journal_bytes == 64u << 20);
  }
  {
    Config c;
    CHECK(parse_args({"--max-tenants", "5", "--max-executions", "0", "--max-journal-bytes", "4096"},
                &c) == -1);
    CHECK(c.max_tenants == 5);
    CHECK(c.max_executions == 0);
    CHECK(c.max_journal_bytes == 4096);
  }
  setenv("BOLNA_EMULATOR_MAX_TENANTS", "7", 1);
  setenv("BOLNA_EMULATOR_MAX_EXECUTIONS", "8", 1);
  setenv("BOLNA_EMULATOR_MAX_JOURNAL_BYTES", "9000", 1);
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.max_tenants == 7);
    CHECK(c.max_executions == 8);
    CHECK(c.max_journal_bytes == 9000);
  }
  {
    Config c;
    CHECK(parse_args({"--max-tenants", "3"}, &c) == -1);
    CHECK(c.max_tenants == 3);
  }
  for (const char* v : {"BOLNA_EMULATOR_MAX_TENANTS", "BOLNA_EMULATOR_MAX_EXECUTIONS",
                        "BOLNA_EMULATOR_MAX_JOURNAL_BYTES"})
    unsetenv(v);
  {
    Config c;
    CHECK(parse_args({"--max-tenants", "100001"}, &c) != -1);  // out of range: usage error
  }
}

TEST_CASE("options: --webhook-journal-size, its default, env twin and range") {
  unsetenv("BOLNA_EMULATOR_WEBHOOK_JOURNAL_SIZE");
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.webhook_journal_size == 10000);
  }
  {
    Config c;
    CHECK(parse_args({"--webhook-journal-size", "50"}, &c) == -1);
    CHECK(c.webhook_journal_size == 50);
  }
  setenv("BOLNA_EMULATOR_WEBHOOK_JOURNAL_SIZE", "70", 1);
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.webhook_journal_size == 70);
  }
  unsetenv("BOLNA_EMULATOR_WEBHOOK_JOURNAL_SIZE");
  {
    Config c;
    CHECK(parse_args({"--webhook-journal-size", "0"}, &c) != -1);  // at least 1
  }
}
