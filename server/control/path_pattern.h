// PathPattern: how the control API names request paths (journal filters, faults, rate
// limits). Three forms:
//   "/call"                  exact request path;
//   "/v2/agent/*", "*"       glob over the request path; '*' matches any run of
//                            characters, '/' included ("/v2/*" covers everything below);
//   "/v2/agent/{agent_id}"   a route pattern: matches requests the router sent to exactly
//                            that route (so it does not cover "/v2/agent/all").
// Immutable value; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bolna {

class PathPattern {
 public:
  // "*": every path.
  PathPattern() : text_("*"), kind_(Kind::kGlob) {}

  // Validates `text`; on failure returns nullopt and sets *error to a sentence naming
  // what is wrong. `field` names the input in that sentence (e.g. "path").
  static std::optional<PathPattern> parse(const std::string& text, const std::string& field,
                                          std::string* error);

  // True when a request to `path` (no query string), routed to `route_pattern` ("" when
  // no route matched), is covered by this pattern.
  bool matches(std::string_view path, std::string_view route_pattern) const;

  const std::string& text() const { return text_; }
  bool is_route_pattern() const { return kind_ == Kind::kRoute; }

 private:
  enum class Kind { kExact, kGlob, kRoute };
  PathPattern(std::string text, Kind kind) : text_(std::move(text)), kind_(kind) {}

  std::string text_;
  Kind kind_;
};

// Glob match where '*' matches any run of characters (including '/'). No other
// metacharacters.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace bolna
