// UTF-8 checks and the Windows-1252 conversion (common/utf8.h). Issue #14 item 2.
#include "common/utf8.h"

#include <doctest/doctest.h>

using namespace bolna;

TEST_CASE("utf8: well-formed text passes, the first bad byte is found") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("Jos\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));  // é € 😀
  CHECK(invalid_utf8_offset("Jos\xE9") == 3);                         // Windows-1252 é
  CHECK(invalid_utf8_offset("ok\xFF") == 2);
  CHECK(invalid_utf8_offset("\xC3") == 0);              // truncated
  CHECK(invalid_utf8_offset("a\xC0\xAF") == 1);         // overlong '/'
  CHECK(invalid_utf8_offset("\xE0\x80\xAF") == 0);      // overlong
  CHECK(invalid_utf8_offset("\xED\xA0\x80") == 0);      // surrogate U+D800
  CHECK(invalid_utf8_offset("\xF4\x90\x80\x80") == 0);  // above U+10FFFF
  CHECK(invalid_utf8_offset("\xE2\x82") == 0);          // truncated
  CHECK(invalid_utf8_offset("\xC3\xA9\x80") == 2);      // stray continuation
}

TEST_CASE("utf8: problems name the subject, the byte and its offset") {
  CHECK(utf8_problem("fine", "file name") == "");
  CHECK(utf8_problem("contacts\xFF.csv", "file name") ==
        "file name is not valid UTF-8: byte 0xFF at offset 8");
}

TEST_CASE("utf8: Windows-1252 decodes like WHATWG's windows-1252") {
  CHECK(windows1252_to_utf8("Jos\xE9") == "Jos\xC3\xA9");
  CHECK(windows1252_to_utf8("\x80") == "\xE2\x82\xAC");                    // €
  CHECK(windows1252_to_utf8("\x93q\x94") == "\xE2\x80\x9Cq\xE2\x80\x9D");  // “q”
  CHECK(windows1252_to_utf8("\x81") == "\xC2\x81");                        // unassigned: C1 control
  CHECK(windows1252_to_utf8("\xFF") == "\xC3\xBF");                        // ÿ
  std::string every;
  for (int b = 0; b < 256; ++b) every += static_cast<char>(b);
  CHECK(is_valid_utf8(windows1252_to_utf8(every)));
}

TEST_CASE("utf8: sanitize replaces bad bytes with U+FFFD and keeps the rest") {
  CHECK(sanitize_utf8("Jos\xE9!") == "Jos\xEF\xBF\xBD!");
  CHECK(sanitize_utf8("\xC3\xA9") == "\xC3\xA9");
}
