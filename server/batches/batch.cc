#include "batches/batch.h"

#include "common/execution_status.h"

namespace bolna {

std::string humanize_since(TimePoint then, TimePoint now) {
  int64_t s = std::chrono::duration_cast<std::chrono::seconds>(now - then).count();
  if (s < 0) s = 0;
  auto plural = [](int64_t n, const char* one, const char* unit) {
    return n == 1 ? std::string(one) + " ago" : std::to_string(n) + " " + unit + " ago";
  };
  if (s < 1) return "just now";
  if (s < 60) return plural(s, "a second", "seconds");
  if (s < 3600) return plural(s / 60, "a minute", "minutes");
  if (s < 86400) return plural(s / 3600, "an hour", "hours");
  int64_t days = s / 86400;
  if (days < 30) return plural(days, "a day", "days");
  if (days < 365) return plural(days / 30, "a month", "months");
  return plural(days / 365, "a year", "years");
}

Json batch_to_json(const Batch& b, TimePoint now, Profile profile) {
  Json counts = Json::object();
  for (const auto& status : all_execution_statuses())
    if (auto it = b.execution_counts.find(status); it != b.execution_counts.end())
      counts[status] = it->second;
  Json out = Json::object();
  out["batch_id"] = b.id;
  out["agent_id"] = b.agent_id;
  out["humanized_created_at"] = humanize_since(b.created_at, now);
  out["created_at"] = format_timestamp(b.created_at, profile);
  out["updated_at"] = format_timestamp(b.updated_at, profile);
  out["status"] = b.status;
  // Always UTC with "+00:00", in both profiles (DECISIONS.md row 6).
  out["scheduled_at"] = b.scheduled_at ? Json(format_iso_utc(*b.scheduled_at)) : Json();
  out["from_phone_number"] =
      b.from_phone_numbers.empty() ? Json() : Json(b.from_phone_numbers.front());
  out["from_phone_numbers"] = b.from_phone_numbers;
  out["file_name"] = b.file_name;
  out["valid_contacts"] = b.valid_contacts;
  out["total_contacts"] = b.total_contacts;
  out["execution_status"] = counts;
  return out;
}

}  // namespace bolna
