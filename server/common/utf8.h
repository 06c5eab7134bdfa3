// UTF-8 checks and conversions for text that enters the emulator (CSV cells and headers,
// multipart fields, file names, query values, headers). The rule (README "Errors"):
// every string the emulator keeps is valid UTF-8, so serializing it as JSON can never
// fail. Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bolna {

// The offset of the first byte of `text` that does not start or continue a well-formed
// UTF-8 sequence (RFC 3629: no overlong forms, no surrogates U+D800-U+DFFF, nothing
// above U+10FFFF, no truncated sequence), or std::string_view::npos when the whole text
// is valid.
size_t invalid_utf8_offset(std::string_view text);

inline bool is_valid_utf8(std::string_view text) {
  return invalid_utf8_offset(text) == std::string_view::npos;
}

// Where `text` stops being UTF-8, for messages: "byte 0xE9 at offset 3". `offset` is a
// value returned by invalid_utf8_offset (not npos).
std::string describe_invalid_utf8(std::string_view text, size_t offset);

// "" when `text` is valid UTF-8; otherwise the client-facing problem
// "<what> is not valid UTF-8: byte 0xE9 at offset 3".
std::string utf8_problem(std::string_view text, const std::string& what);

// Decodes Windows-1252 as the WHATWG Encoding Standard does (what browsers call
// "windows-1252", a superset of ISO-8859-1): bytes 00-7F are ASCII, 80-9F the
// Windows-1252 punctuation (0x80 -> U+20AC EURO SIGN, 0x93 -> U+201C, ...; the five
// unassigned bytes 81, 8D, 8F, 90, 9D map to U+0081, U+008D, ... as in Latin-1), A0-FF
// are U+00A0-U+00FF (0xE9 -> U+00E9 "é"). Every byte decodes, so this never fails; the
// result is valid UTF-8.
std::string windows1252_to_utf8(std::string_view text);

// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD (for log
// lines and messages built from text that was never checked, e.g. exception messages).
std::string sanitize_utf8(std::string_view text);

}  // namespace bolna
