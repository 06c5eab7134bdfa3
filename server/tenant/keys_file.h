// Keys file (--keys): the API keys the emulator accepts when keys are declared.
// Format: one key per line; "#" starts a comment; a line "<key> read-only" declares a
// key whose writes get 403. Blank lines are ignored.
#pragma once

#include <map>
#include <string>

namespace bolna {

struct DeclaredKey {
  bool read_only = false;
};

// Parses the file's text. Throws std::runtime_error naming the line on a bad line.
std::map<std::string, DeclaredKey> parse_keys(const std::string& text);
// Reads and parses a file; throws std::runtime_error naming the file on failure.
std::map<std::string, DeclaredKey> load_keys_file(const std::string& path);

}  // namespace bolna
