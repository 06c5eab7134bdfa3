#include "catalogue/usage_report.h"

#include <cmath>

#pragma GCC diagnostic push
#if !defined(__clang__)  // a GCC-only warning
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <date/date.h>
#pragma GCC diagnostic pop

namespace bolna {

namespace {

bool is_bare_date(const std::string& s) { return s.size() == 10 && s[4] == '-' && s[7] == '-'; }

std::string read_time(const std::string& text, const char* field, bool end_of_day, TimePoint& out) {
  std::string value = text;
  if (is_bare_date(value)) value += end_of_day ? "T23:59:59.999999" : "T00:00:00";
  std::string why;
  auto parsed = parse_iso8601(value, &why);
  if (!parsed)
    return std::string(field) +
           " must be an ISO 8601 UTC timestamp (e.g. 2025-06-25T00:00:00Z): " + why;
  out = parsed->utc;
  return "";
}

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

}  // namespace

std::string parse_usage_window(const std::optional<std::string>& from,
                               const std::optional<std::string>& to, TimePoint now,
                               UsageWindow& out) {
  auto today = date::floor<date::days>(now);
  date::year_month_day ymd{today};
  out.from = TimePoint(date::sys_days(ymd.year() / ymd.month() / 1));
  out.to = TimePoint(today) + std::chrono::days(1) - Micros(1);
  if (from && !from->empty())
    if (auto e = read_time(*from, "from", false, out.from); !e.empty()) return e;
  if (to && !to->empty())
    if (auto e = read_time(*to, "to", true, out.to); !e.empty()) return e;
  if (out.to < out.from) return "from must not be after to";
  if (out.to - out.from > kMaxUsageWindow)
    return "The range between from and to cannot exceed 32 days";
  return "";
}

Json usage_report(const std::vector<Execution*>& executions, const UsageWindow& window) {
  int64_t records = 0;
  double duration = 0, cost = 0, platform = 0, telephony = 0, llm_cost = 0;
  Json status_map = Json::object();
  Json synth = Json::object();
  Json trans = Json::object();
  Json tokens = Json::object();
  for (const Execution* e : executions) {
    if (e->created_at < window.from || e->created_at > window.to) continue;
    Json j = execution_to_json(*e, Profile::kDocs, "");
    ++records;
    status_map[e->status] = status_map.value(e->status, 0) + 1;
    duration += j["conversation_duration"].get<double>();
    cost += j["total_cost"].get<double>();
    const Json& cb = j["cost_breakdown"];
    platform += cb["platform"].get<double>();
    telephony += cb["network"].get<double>();
    llm_cost += cb["llm"].get<double>();
    const Json& u = j["usage_breakdown"];
    Json& s = synth[u["synthesizer_provider"].get<std::string>()]
                   [u["synthesizer_model"].get<std::string>()];
    if (s.is_null()) s = Json{{"characters", 0.0}, {"cost", 0.0}};
    s["characters"] = s.value("characters", 0.0) + u["synthesizer_characters"].get<double>();
    s["cost"] = round3(s.value("cost", 0.0) + cb["synthesizer"].get<double>());
    Json& t = trans[u["transcriber_provider"].get<std::string>()]
                   [u["transcriber_model"].get<std::string>()];
    if (t.is_null()) t = Json{{"duration", 0.0}, {"cost", 0.0}};
    t["duration"] = t.value("duration", 0.0) + u["transcriber_duration"].get<double>();
    t["cost"] = round3(t.value("cost", 0.0) + cb["transcriber"].get<double>());
    for (const auto& [model, io] : u["llm_model"].items()) {
      Json& m = tokens[model];
      if (m.is_null()) m = Json{{"input", 0}, {"output", 0}};
      m["input"] = m.value("input", int64_t{0}) + io["input"].get<int64_t>();
      m["output"] = m.value("output", int64_t{0}) + io["output"].get<int64_t>();
    }
  }
  return Json{{"from", format_timestamp(window.from, Profile::kLive)},
              {"to", format_timestamp(window.to, Profile::kLive)},
              {"total_records", records},
              {"total_duration", duration},
              {"total_cost", round3(cost)},
              {"total_platform_cost", round3(platform)},
              {"total_telephony_cost", round3(telephony)},
              {"status_map", status_map},
              {"synthesizer_cost_map", synth},
              {"transcriber_cost_map", trans},
              {"llm_cost_map", Json{{"cost", round3(llm_cost)}, {"tokens", tokens}}}};
}

}  // namespace bolna
