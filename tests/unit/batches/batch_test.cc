// Batch object helpers (domain/batch.h): humanized_created_at and the JSON shape.
#include "batches/batch.h"

#include <doctest/doctest.h>

using namespace bolna;

TEST_CASE("batch: humanize_since") {
  TimePoint t0 = parse_iso8601("2026-06-23T12:00:00+00:00")->utc;
  auto after = [&](int64_t s) { return humanize_since(t0, t0 + std::chrono::seconds(s)); };
  CHECK(after(0) == "just now");
  CHECK(after(1) == "a second ago");
  CHECK(after(12) == "12 seconds ago");
  CHECK(after(60) == "a minute ago");
  CHECK(after(19 * 60 + 5) == "19 minutes ago");
  CHECK(after(3600) == "an hour ago");
  CHECK(after(3 * 3600) == "3 hours ago");
  CHECK(after(86400) == "a day ago");
  CHECK(after(4 * 86400) == "4 days ago");
  CHECK(after(31 * 86400) == "a month ago");
  CHECK(after(400 * 86400) == "a year ago");
  CHECK(humanize_since(t0 + std::chrono::seconds(5), t0) == "just now");
}

TEST_CASE("batch: batch_to_json has the documented keys and counts in lifecycle order") {
  Batch b;
  b.id = "0123456789abcdef0123456789abcdef";
  b.agent_id = "agent";
  b.status = "running";
  b.file_name = "batch.csv";
  b.from_phone_numbers = {"+14155550199", "+14155550198"};
  b.created_at = b.updated_at = parse_iso8601("2026-06-23T12:00:00+00:00")->utc;
  b.scheduled_at = parse_iso8601("2026-06-23T12:10:00+00:00")->utc;
  b.valid_contacts = 2;
  b.total_contacts = 3;
  b.execution_counts = {{"completed", 1}, {"queued", 1}};
  Json j = batch_to_json(b, b.created_at + std::chrono::minutes(19), Profile::kDocs);
  for (const char* key : {"batch_id", "humanized_created_at", "created_at", "updated_at", "status",
                          "scheduled_at", "from_phone_number", "from_phone_numbers", "file_name",
                          "valid_contacts", "total_contacts", "execution_status"})
    CHECK_MESSAGE(j.contains(key), key);
  CHECK(j["humanized_created_at"] == "19 minutes ago");
  CHECK(j["scheduled_at"] == "2026-06-23T12:10:00.000000+00:00");
  CHECK(j["from_phone_number"] == "+14155550199");
  CHECK(j["execution_status"].dump() == R"({"queued":1,"completed":1})");
  Json live = batch_to_json(b, b.created_at, Profile::kLive);
  CHECK(live["created_at"] == "2026-06-23T12:00:00.000000");
  CHECK(live["scheduled_at"] == "2026-06-23T12:10:00.000000+00:00");
  b.scheduled_at.reset();
  b.from_phone_numbers.clear();
  j = batch_to_json(b, b.created_at, Profile::kDocs);
  CHECK(j["scheduled_at"].is_null());
  CHECK(j["from_phone_number"].is_null());
}
