#include "ctl/duration.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace bolna::ctl {

namespace {

std::optional<double> unit_seconds(const std::string& unit) {
  static const std::pair<const char*, double> kUnits[] = {
      {"ms", 0.001},   {"s", 1},     {"sec", 1},     {"secs", 1},    {"second", 1},
      {"seconds", 1},  {"m", 60},    {"min", 60},    {"mins", 60},   {"minute", 60},
      {"minutes", 60}, {"h", 3600},  {"hr", 3600},   {"hrs", 3600},  {"hour", 3600},
      {"hours", 3600}, {"d", 86400}, {"day", 86400}, {"days", 86400}};
  for (const auto& [name, factor] : kUnits)
    if (unit == name) return factor;
  return std::nullopt;
}

bool fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

}  // namespace

std::optional<double> parse_duration(const std::string& text, std::string* error) {
  const std::string kExpect = " (expected e.g. 90s, 10m, 2h, 1d, 1h30m or a number of seconds)";
  size_t i = 0, n = text.size();
  while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  while (n > i && std::isspace(static_cast<unsigned char>(text[n - 1]))) --n;
  if (i == n) {
    fail(error, "empty duration" + kExpect);
    return std::nullopt;
  }
  double total = 0;
  int parts = 0;
  while (i < n) {
    size_t start = i;
    while (i < n && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    std::string number = text.substr(start, i - start);
    if (number.empty() || number == "." || number.find('.') != number.rfind('.')) {
      fail(error, "'" + text + "' is not a duration" + kExpect);
      return std::nullopt;
    }
    double value = std::strtod(number.c_str(), nullptr);
    size_t unit_start = i;
    while (i < n && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit = text.substr(unit_start, i - unit_start);
    for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ++parts;
    if (unit.empty()) {
      if (i < n || parts > 1) {
        fail(error,
             "'" + text + "' is not a duration: a unit is missing after " + number + kExpect);
        return std::nullopt;
      }
      total += value;
      break;
    }
    auto factor = unit_seconds(unit);
    if (!factor) {
      fail(error, "'" + text + "': unknown unit '" + unit + "' (use ms, s, m, h or d)");
      return std::nullopt;
    }
    total += value * *factor;
  }
  if (!std::isfinite(total)) {
    fail(error, "'" + text + "' is too long");
    return std::nullopt;
  }
  return total;
}

std::string format_duration(double seconds) {
  if (seconds < 0) return "-" + format_duration(-seconds);
  char buf[64];
  if (seconds < 60 && std::floor(seconds) != seconds) {
    std::snprintf(buf, sizeof buf, "%gs", std::round(seconds * 1000) / 1000);
    return buf;
  }
  auto whole = static_cast<long long>(std::llround(seconds));
  static const std::pair<long long, const char*> kUnits[] = {
      {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
  std::string out;
  int shown = 0;
  for (const auto& [size, name] : kUnits) {
    if (shown == 2) break;
    long long count = whole / size;
    if (count == 0) continue;
    out += std::to_string(count) + name;
    whole -= count * size;
    ++shown;
  }
  return out.empty() ? "0s" : out;
}

}  // namespace bolna::ctl
