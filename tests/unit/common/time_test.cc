#include "common/time.h"

#include <doctest/doctest.h>

using namespace bolna;
using namespace std::chrono;

TEST_CASE("time: formats per profile") {
  auto parsed = parse_iso8601("2026-06-23T18:30:00.123456+00:00");
  REQUIRE(parsed);
  CHECK(format_timestamp(parsed->utc, Profile::kDocs) == "2026-06-23T18:30:00.123456+00:00");
  CHECK(format_timestamp(parsed->utc, Profile::kLive) == "2026-06-23T18:30:00.123456");
}

TEST_CASE("time: offsets convert to UTC") {
  auto a = parse_iso8601("2026-06-23T18:30:00+05:30");
  REQUIRE(a);
  CHECK(a->has_offset);
  CHECK_FALSE(a->zulu);
  CHECK(format_iso_utc(a->utc) == "2026-06-23T13:00:00.000000+00:00");
  auto b = parse_iso8601("2026-06-23T18:30:00-0400");
  REQUIRE(b);
  CHECK(format_iso_utc(b->utc) == "2026-06-23T22:30:00.000000+00:00");
}

TEST_CASE("time: Z and z are recognised") {
  auto z = parse_iso8601("2026-06-23T18:30:00.000Z");
  REQUIRE(z);
  CHECK(z->zulu);
  CHECK(parse_iso8601("2026-06-23T18:30:00z")->zulu);
}

TEST_CASE("time: without offset is UTC, minutes-only accepted, space for T") {
  auto a = parse_iso8601("2026-06-23 18:30");
  REQUIRE(a);
  CHECK_FALSE(a->has_offset);
  CHECK(format_iso_utc(a->utc) == "2026-06-23T18:30:00.000000+00:00");
}

TEST_CASE("time: garbage is refused with a reason") {
  std::string why;
  CHECK_FALSE(parse_iso8601("tomorrow", &why));
  CHECK_FALSE(why.empty());
  CHECK_FALSE(parse_iso8601("", &why));
  CHECK_FALSE(parse_iso8601("2026-13-45T99:00:00+00:00", &why));
  CHECK_FALSE(parse_iso8601("2026-06-23T18:30:00+25:00", &why));
  CHECK_FALSE(parse_iso8601("2026-06-23T18:30:00 extra", &why));
}

// Found by fuzz/time_fuzzer.cc: date::parse turned the unread seconds of "18s:30" (NaN)
// into an integer, undefined behaviour that the UBSan build (scripts/sanitize.sh asan)
// reports. Malformed time parts are refused before date::parse sees them.
TEST_CASE("time: a malformed time part is refused before it is parsed") {
  std::string why;
  for (std::string text :
       {"2026-06-23 18s:30", "2026-06-23T18:30:0s", "2026-06-23T18:3x:00", "2026-06-23T18:30:00.",
        "2026-06-23T18:30:00.1234567", "+026-06-23T18:30:00", "2026-06-23T18:30:00.12a"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_iso8601(text, &why));
    CHECK(why == "expected YYYY-MM-DDTHH:MM[:SS[.ffffff]]");
  }
  CHECK(parse_iso8601("2026-06-23T18:30:00.1"));
  CHECK(parse_iso8601("2026-06-23T18:30:00.123456-05:30"));
}
