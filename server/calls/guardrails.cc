#include "calls/guardrails.h"

#include <chrono>

namespace bolna {

std::optional<CallingWindow> window_from_guardrails(const Json& g) {
  if (!g.is_object()) return std::nullopt;
  auto hour = [&](const char* key) -> std::optional<int> {
    if (!g.contains(key) || !g[key].is_number_integer()) return std::nullopt;
    return g[key].get<int>();
  };
  auto start = hour("call_start_hour");
  auto end = hour("call_end_hour");
  if (!start && !end) return std::nullopt;
  CallingWindow w;
  w.start_hour = start.value_or(0);
  w.end_hour = end.value_or(24);
  if (w.end_hour <= w.start_hour) w.end_hour = w.start_hour + 1;
  return w;
}

const std::vector<CountryOffset>& country_offsets() {
  static const std::vector<CountryOffset> kTable = {
      {"1", "United States / Canada (NANP)", -5 * 60},
      {"7", "Russia / Kazakhstan", 3 * 60},
      {"20", "Egypt", 2 * 60},
      {"27", "South Africa", 2 * 60},
      {"31", "Netherlands", 60},
      {"33", "France", 60},
      {"34", "Spain", 60},
      {"39", "Italy", 60},
      {"44", "United Kingdom", 0},
      {"49", "Germany", 60},
      {"52", "Mexico", -6 * 60},
      {"55", "Brazil", -3 * 60},
      {"60", "Malaysia", 8 * 60},
      {"61", "Australia", 10 * 60},
      {"62", "Indonesia", 7 * 60},
      {"63", "Philippines", 8 * 60},
      {"64", "New Zealand", 12 * 60},
      {"65", "Singapore", 8 * 60},
      {"66", "Thailand", 7 * 60},
      {"81", "Japan", 9 * 60},
      {"82", "South Korea", 9 * 60},
      {"84", "Vietnam", 7 * 60},
      {"86", "China", 8 * 60},
      {"91", "India", 5 * 60 + 30},
      {"92", "Pakistan", 5 * 60},
      {"94", "Sri Lanka", 5 * 60 + 30},
      {"234", "Nigeria", 60},
      {"254", "Kenya", 3 * 60},
      {"852", "Hong Kong", 8 * 60},
      {"880", "Bangladesh", 6 * 60},
      {"966", "Saudi Arabia", 3 * 60},
      {"971", "United Arab Emirates", 4 * 60},
      {"977", "Nepal", 5 * 60 + 45},
  };
  return kTable;
}

int utc_offset_for(const std::string& e164) {
  std::string digits = !e164.empty() && e164[0] == '+' ? e164.substr(1) : e164;
  const CountryOffset* best = nullptr;
  for (const auto& c : country_offsets())
    if (digits.rfind(c.calling_code, 0) == 0 &&
        (!best || c.calling_code.size() > best->calling_code.size()))
      best = &c;
  return best ? best->utc_offset_minutes : kDefaultUtcOffsetMinutes;
}

namespace {

// Microseconds since local midnight and the local midnight as a UTC instant.
void split_local(int offset_minutes, TimePoint at, Micros* since_midnight,
                 TimePoint* midnight_utc) {
  auto local = at + std::chrono::minutes(offset_minutes);
  auto day = std::chrono::floor<std::chrono::days>(local);
  *since_midnight = local - day;
  *midnight_utc = TimePoint(day) - std::chrono::minutes(offset_minutes);
}

}  // namespace

bool in_window(const CallingWindow& w, int offset_minutes, TimePoint at) {
  Micros since;
  TimePoint midnight;
  split_local(offset_minutes, at, &since, &midnight);
  return since >= std::chrono::hours(w.start_hour) && since < std::chrono::hours(w.end_hour);
}

TimePoint next_window_start(const CallingWindow& w, int offset_minutes, TimePoint at) {
  Micros since;
  TimePoint midnight;
  split_local(offset_minutes, at, &since, &midnight);
  TimePoint today = midnight + std::chrono::hours(w.start_hour);
  if (today >= at) return today;
  return today + std::chrono::hours(24);
}

std::optional<TimePoint> guardrail_hold_until(const Json& agent_config,
                                              const std::string& recipient, TimePoint now) {
  if (!agent_config.is_object() || !agent_config.contains("calling_guardrails"))
    return std::nullopt;
  auto window = window_from_guardrails(agent_config["calling_guardrails"]);
  if (!window) return std::nullopt;
  int offset = utc_offset_for(recipient);
  if (in_window(*window, offset, now)) return std::nullopt;
  return next_window_start(*window, offset, now);
}

}  // namespace bolna
