#include "control/path_pattern.h"

namespace bolna {

std::optional<PathPattern> PathPattern::parse(const std::string& text, const std::string& field,
                                              std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<PathPattern> {
    if (error) *error = field + " " + why;
    return std::nullopt;
  };
  if (text.empty()) return fail("must not be empty");
  if (text != "*" && text[0] != '/')
    return fail("must start with '/' (or be \"*\" for every path): \"" + text + "\"");
  if (text.find_first_of("?# \t\r\n") != std::string::npos)
    return fail("must be a path without query string or spaces: \"" + text + "\"");
  bool has_brace = text.find_first_of("{}") != std::string::npos;
  bool has_star = text.find('*') != std::string::npos;
  if (has_brace) {
    if (has_star) return fail("mixes a route pattern ({name}) with a glob (*): \"" + text + "\"");
    // Every segment is either literal or exactly "{name}".
    size_t i = 0;
    while (i < text.size()) {
      size_t end = text.find('/', i + 1);
      std::string_view seg = std::string_view(text).substr(
          i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
      bool brace = seg.find_first_of("{}") != std::string_view::npos;
      if (brace && (seg.size() < 3 || seg.front() != '{' || seg.back() != '}' ||
                    seg.substr(1, seg.size() - 2).find_first_of("{}") != std::string_view::npos))
        return fail("has a malformed route parameter segment \"" + std::string(seg) +
                    "\" (expected e.g. {agent_id}): \"" + text + "\"");
      if (end == std::string::npos) break;
      i = end;
    }
    return PathPattern(text, Kind::kRoute);
  }
  return PathPattern(text, has_star ? Kind::kGlob : Kind::kExact);
}

bool PathPattern::matches(std::string_view path, std::string_view route_pattern) const {
  switch (kind_) {
    case Kind::kExact:
      return path == text_;
    case Kind::kGlob:
      return glob_match(text_, path);
    case Kind::kRoute:
      return route_pattern == text_;
  }
  return false;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with backtracking to the last '*': O(n*m) worst case.
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace bolna
