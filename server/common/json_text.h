// Reading and writing JSON text safely. Every JSON the emulator reads from outside
// (request bodies, JSON strings inside multipart fields, scenario files) goes through
// parse_json_text, which enforces the documented limits (README "Errors") while the
// tree is built, before anything else walks it:
//   * at most kMaxJsonDepth (64) levels of nested arrays and objects: deeper input is
//     refused at the bracket that goes too deep, so no recursive walk of request data
//     (copies, dumps, comparisons) can exhaust the stack;
//   * at most kMaxJsonMembers (1000) members per object, and objects are built in linear
//     time (nlohmann's ordered_json inserts keys in quadratic time);
//   * numbers that do not fit a double (1e999) are a parse problem, not an exception.
// Strings are checked for well-formed UTF-8 by the parser. dump_json never throws.
// Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/json.h"

namespace bolna {

inline constexpr size_t kMaxJsonDepth = 64;
inline constexpr size_t kMaxJsonMembers = 1000;

struct JsonProblem {
  enum class Kind {
    kNone,
    kSyntax,  // not JSON (nlohmann's parse error, with line and column)
    kRange,   // a number out of the range of a double
    kLimit,   // too deep, or an object with too many members
  };
  Kind kind = Kind::kNone;
  // Without a subject, e.g. "parse error at line 1, column 9: syntax error while
  // parsing value - invalid literal; last read: 'x'", "number 1e999 at line 1, column 6
  // is out of range (a number must fit a double, at most about 1.8e308)", "arrays and
  // objects nest deeper than 64 levels at line 1, column 65 (the limit is 64)",
  // "object user_data has more than 1000 members (the limit is 1000)".
  std::string message;
  bool ok() const { return kind == Kind::kNone; }
};

// Parses `text` (one JSON value, surrounding whitespace allowed) into *out. On a problem
// returns it and leaves *out unspecified (null or partly built; never deeper than the
// limit).
JsonProblem parse_json_text(std::string_view text, Json* out);

// `value` as compact JSON text. Invalid UTF-8 in its strings (which the emulator never
// stores, see common/utf8.h) becomes U+FFFD instead of throwing: use this for every dump
// of stored data.
std::string dump_json(const Json& value);

// True when `value` nests arrays and objects deeper than `max_depth` levels (a scalar
// has depth 0, [] depth 1). Iterative: safe on any value.
bool json_deeper_than(const Json& value, size_t max_depth);

}  // namespace bolna
