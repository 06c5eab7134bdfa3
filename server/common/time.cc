#include "common/time.h"

// date.h trips a false -Wmaybe-uninitialized in GCC 12 inside its parser.
#pragma GCC diagnostic push
#if !defined(__clang__)  // a GCC-only warning
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <date/date.h>
#pragma GCC diagnostic pop

#include <cctype>
#include <sstream>

namespace bolna {

std::string format_timestamp(TimePoint t, Profile profile) {
  std::string s = date::format("%FT%T", t);
  if (profile == Profile::kDocs) s += "+00:00";
  return s;
}

std::string format_iso_utc(TimePoint t) { return date::format("%FT%T", t) + "+00:00"; }

TimePoint wall_now() {
  return std::chrono::time_point_cast<Micros>(std::chrono::system_clock::now());
}

namespace {

bool set_error(std::string* error, const char* why) {
  if (error) *error = why;
  return false;
}

// Splits "<datetime><offset>" into its two parts and reads the offset in minutes.
bool split_offset(std::string_view text, std::string_view& body, int& offset_minutes,
                  ParsedTime& out, std::string* error) {
  body = text;
  offset_minutes = 0;
  if (text.empty()) return set_error(error, "empty string");
  char last = text.back();
  if (last == 'Z' || last == 'z') {
    out.has_offset = out.zulu = true;
    body = text.substr(0, text.size() - 1);
    return true;
  }
  // Look for a sign after the time part ("T" or space at index 10).
  if (text.size() < 11) return true;
  size_t pos = text.find_last_of("+-");
  if (pos == std::string_view::npos || pos <= 10) return true;
  std::string_view off = text.substr(pos + 1);
  int hh = 0, mm = 0;
  if (off.size() == 5 && off[2] == ':') {
    off = std::string_view();  // handled below
    std::string_view o = text.substr(pos + 1);
    if (!isdigit(o[0]) || !isdigit(o[1]) || !isdigit(o[3]) || !isdigit(o[4]))
      return set_error(error, "bad UTC offset");
    hh = (o[0] - '0') * 10 + (o[1] - '0');
    mm = (o[3] - '0') * 10 + (o[4] - '0');
  } else if (off.size() == 4 || off.size() == 2) {
    for (char c : off)
      if (!isdigit(static_cast<unsigned char>(c))) return set_error(error, "bad UTC offset");
    hh = (off[0] - '0') * 10 + (off[1] - '0');
    if (off.size() == 4) mm = (off[2] - '0') * 10 + (off[3] - '0');
  } else {
    return set_error(error, "bad UTC offset");
  }
  if (hh > 23 || mm > 59) return set_error(error, "UTC offset out of range");
  offset_minutes = (hh * 60 + mm) * (text[pos] == '-' ? -1 : 1);
  out.has_offset = true;
  body = text.substr(0, pos);
  return true;
}

// True when `s` is "YYYY-MM-DDTHH:MM:SS" with an optional "." and 1-6 digits. Checked
// before date::parse sees the text: on some malformed time parts (e.g. "18s:30") it
// converts an unread (NaN) seconds value to an integer, which is undefined behaviour.
bool has_datetime_shape(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < kShape.size()) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(s[i])) != 0;
    if (kShape[i] == 'd' ? !digit : s[i] != kShape[i]) return false;
  }
  std::string_view fraction = s.substr(kShape.size());
  if (fraction.empty()) return true;
  if (fraction[0] != '.' || fraction.size() < 2 || fraction.size() > 7) return false;
  for (char c : fraction.substr(1))
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::optional<ParsedTime> parse_iso8601(std::string_view text, std::string* error) {
  ParsedTime out;
  std::string_view body;
  int offset_minutes = 0;
  if (!split_offset(text, body, offset_minutes, out, error)) return std::nullopt;
  std::string normalized(body);
  if (normalized.size() > 10 && normalized[10] == ' ') normalized[10] = 'T';
  if (normalized.size() < 16 || normalized[10] != 'T') {
    set_error(error, "expected YYYY-MM-DDTHH:MM[:SS[.ffffff]]");
    return std::nullopt;
  }
  if (normalized.size() == 16) normalized += ":00";
  if (!has_datetime_shape(normalized)) {
    set_error(error, "expected YYYY-MM-DDTHH:MM[:SS[.ffffff]]");
    return std::nullopt;
  }
  std::istringstream in(normalized);
  date::sys_time<Micros> tp;
  in >> date::parse("%FT%T", tp);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) {
    set_error(error, "expected YYYY-MM-DDTHH:MM[:SS[.ffffff]]");
    return std::nullopt;
  }
  out.utc = tp - std::chrono::minutes(offset_minutes);
  return out;
}

}  // namespace bolna
