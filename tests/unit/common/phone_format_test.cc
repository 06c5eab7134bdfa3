// is_e164: the one E.164 rule every resource uses ("+", 8 to 15 digits, first not 0).
#include "common/phone_format.h"

#include <doctest/doctest.h>

using namespace bolna;

TEST_CASE("is_e164: 8 to 15 digits after +, the first not 0") {
  CHECK(is_e164("+14155550100"));
  CHECK(is_e164("+12345678"));          // 8 digits: the shortest accepted
  CHECK_FALSE(is_e164("+1234567"));     // 7 digits
  CHECK(is_e164("+123456789012345"));   // 15 digits: the longest
  CHECK_FALSE(is_e164("+1234567890123456"));
  CHECK_FALSE(is_e164("+04155550100"));
  CHECK_FALSE(is_e164("14155550100"));
  CHECK_FALSE(is_e164("+1415555010a"));
  CHECK_FALSE(is_e164("+"));
  CHECK_FALSE(is_e164(""));
}
