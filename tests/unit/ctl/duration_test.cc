// ctl duration parsing and formatting (server/ctl/duration.h).
#include "ctl/duration.h"

#include <doctest/doctest.h>

using bolna::ctl::format_duration;
using bolna::ctl::parse_duration;

TEST_CASE("ctl duration: units, compounds, decimals and bare seconds") {
  CHECK(parse_duration("90s") == 90);
  CHECK(parse_duration("10m") == 600);
  CHECK(parse_duration("2h") == 7200);
  CHECK(parse_duration("1d") == 86400);
  CHECK(parse_duration("500ms") == doctest::Approx(0.5));
  CHECK(parse_duration("1h30m") == 5400);
  CHECK(parse_duration("1d2h3m4s") == 86400 + 7200 + 180 + 4);
  CHECK(parse_duration("1.5h") == 5400);
  CHECK(parse_duration("90") == 90);
  CHECK(parse_duration("0.25") == doctest::Approx(0.25));
  CHECK(parse_duration("0s") == 0);
  CHECK(parse_duration(" 10M ") == 600);
  CHECK(parse_duration("2hours") == 7200);
  CHECK(parse_duration("3 min") == std::nullopt);  // no spaces inside
}

TEST_CASE("ctl duration: errors say what is wrong") {
  std::string error;
  CHECK(parse_duration("", &error) == std::nullopt);
  CHECK(error.find("empty duration") != std::string::npos);
  CHECK(parse_duration("10x", &error) == std::nullopt);
  CHECK(error.find("unknown unit 'x'") != std::string::npos);
  CHECK(parse_duration("-5s", &error) == std::nullopt);
  CHECK(error.find("not a duration") != std::string::npos);
  CHECK(parse_duration("1h30", &error) == std::nullopt);
  CHECK(error.find("unit is missing after 30") != std::string::npos);
  CHECK(parse_duration("m", &error) == std::nullopt);
  CHECK(parse_duration("1..5s", &error) == std::nullopt);
  CHECK(parse_duration("abc", &error) == std::nullopt);
}

TEST_CASE("ctl duration: short human form") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(90) == "1m30s");
  CHECK(format_duration(600) == "10m");
  CHECK(format_duration(3605) == "1h5s");
  CHECK(format_duration(93784) == "1d2h");
  CHECK(format_duration(0.5) == "0.5s");
  CHECK(format_duration(-60) == "-1m");
}
