#include "control/request_journal.h"

#include <doctest/doctest.h>

using namespace bolna;
using namespace std::chrono;

namespace {
JournalEntry entry(const std::string& method, const std::string& path, int status,
                   int virtual_second = 0) {
  JournalEntry e;
  e.method = method;
  e.path = path;
  e.route = path;
  e.status = status;
  e.virtual_time = TimePoint(seconds(virtual_second));
  return e;
}

std::vector<uint64_t> seqs(const std::vector<JournalEntry>& entries) {
  std::vector<uint64_t> out;
  for (const auto& e : entries) out.push_back(e.seq);
  return out;
}
}  // namespace

TEST_CASE("journal ring: drops the oldest when full and counts what it dropped") {
  RequestJournal j(3);
  for (int i = 0; i < 5; ++i) CHECK(j.record(entry("GET", "/x", 200)) == uint64_t(i + 1));
  CHECK(j.size() == 3);
  CHECK(j.dropped() == 2);
  CHECK(j.last_seq() == 5);
  CHECK(seqs(j.query({})) == std::vector<uint64_t>{3, 4, 5});
}

TEST_CASE("journal ring: clear keeps the sequence, reset restarts it") {
  RequestJournal j(10);
  j.record(entry("GET", "/x", 200));
  j.record(entry("GET", "/x", 200));
  CHECK(j.clear() == 2);
  CHECK(j.record(entry("GET", "/x", 200)) == 3);
  j.reset();
  CHECK(j.size() == 0);
  CHECK(j.record(entry("GET", "/x", 200)) == 1);
}

TEST_CASE("journal ring: capacity 0 keeps nothing") {
  RequestJournal j(0);
  CHECK(j.record(entry("GET", "/x", 200)) == 0);
  CHECK(j.size() == 0);
}

TEST_CASE("journal filters: method, path, status, since and limit") {
  RequestJournal j(100);
  j.record(entry("POST", "/call", 200, 10));
  j.record(entry("GET", "/v2/agent/all", 200, 20));
  j.record(entry("GET", "/v2/agent/1", 404, 30));
  j.record(entry("POST", "/call", 429, 40));
  JournalFilter f;
  f.method = "POST";
  CHECK(seqs(j.query(f)) == std::vector<uint64_t>{1, 4});
  f = {};
  f.status = parse_status_filter("4xx");
  CHECK(seqs(j.query(f)) == std::vector<uint64_t>{3, 4});
  f = {};
  std::string error;
  f.path = PathPattern::parse("/v2/*", "path", &error);
  CHECK(seqs(j.query(f)) == std::vector<uint64_t>{2, 3});
  f = {};
  f.since_seq = 2;
  CHECK(seqs(j.query(f)) == std::vector<uint64_t>{3, 4});
  f = {};
  f.since_time = TimePoint(seconds(30));
  CHECK(seqs(j.query(f)) == std::vector<uint64_t>{3, 4});
  f = {};
  f.limit = 1;
  CHECK(seqs(j.query(f)) == std::vector<uint64_t>{4});
}

TEST_CASE("journal: status filters and body clipping") {
  CHECK(parse_status_filter("404")->matches(404));
  CHECK(!parse_status_filter("404")->matches(400));
  CHECK(parse_status_filter("5XX")->matches(503));
  CHECK(!parse_status_filter("abc"));
  CHECK(!parse_status_filter("4x4"));
  CHECK(!parse_status_filter("600"));
  JournalBody b = RequestJournal::clip(std::string(RequestJournal::kMaxBodyBytes + 5, 'a'));
  CHECK(b.text.size() == RequestJournal::kMaxBodyBytes);
  CHECK(b.bytes == RequestJournal::kMaxBodyBytes + 5);
  CHECK(b.truncated());
  CHECK(!RequestJournal::clip("short").truncated());
}
