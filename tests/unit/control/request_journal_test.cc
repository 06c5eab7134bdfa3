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

// Issue #14 item 6: the journals of all tenants together are bounded in bytes.
TEST_CASE("journal budget: the oldest entries of every journal go first past the bound") {
  JournalEntry sample = entry("GET", "/x", 200);
  sample.request_body = RequestJournal::clip(std::string(1000, 'a'));
  const size_t cost = RequestJournal::entry_bytes(sample);
  auto budget = std::make_shared<JournalBudget>(4 * cost);  // room for four entries
  RequestJournal a(100, budget), b(100, budget);
  a.record(sample);  // a1
  a.record(sample);  // a2
  b.record(sample);  // b1
  b.record(sample);  // b2
  CHECK(budget->used_bytes() == 4 * cost);
  b.record(sample);  // b3: a1 (the oldest overall) goes
  CHECK(a.size() == 1);
  CHECK(a.dropped() == 1);
  CHECK(seqs(a.query({})) == std::vector<uint64_t>{2});
  CHECK(b.size() == 3);
  CHECK(budget->used_bytes() == 4 * cost);
  b.record(sample);  // b4: a2 goes
  b.record(sample);  // b5: b1 goes (b's own oldest is now the oldest)
  CHECK(a.size() == 0);
  CHECK(seqs(b.query({})) == std::vector<uint64_t>{2, 3, 4, 5});
  CHECK(budget->used_bytes() <= budget->max_bytes());
  // clear, reset and destruction give the bytes back.
  CHECK(b.clear() == 4);
  CHECK(budget->used_bytes() == 0);
  {
    RequestJournal c(100, budget);
    c.record(sample);
    CHECK(budget->used_bytes() == cost);
  }
  CHECK(budget->used_bytes() == 0);
  a.record(sample);
  a.reset();
  CHECK(budget->used_bytes() == 0);
}

TEST_CASE("journal budget: an entry larger than the whole bound is not kept") {
  JournalEntry big = entry("POST", "/call", 200);
  big.request_body = RequestJournal::clip(std::string(RequestJournal::kMaxBodyBytes, 'b'));
  auto budget = std::make_shared<JournalBudget>(RequestJournal::entry_bytes(big) - 1);
  RequestJournal j(10, budget);
  CHECK(j.record(big) == 1);
  CHECK(j.size() == 0);
  CHECK(j.dropped() == 1);
  CHECK(budget->used_bytes() == 0);
}

TEST_CASE("journal budget: bookkeeping stays in proportion to what is kept") {
  // Each journal's own ring drops most entries; the budget's order list must not grow
  // with every request ever made. Checked indirectly: many records stay fast and exact.
  auto budget = std::make_shared<JournalBudget>(size_t{1} << 30);
  RequestJournal j(2, budget);
  for (int i = 0; i < 100000; ++i) j.record(entry("GET", "/x", 200));
  CHECK(j.size() == 2);
  CHECK(budget->used_bytes() == 2 * RequestJournal::entry_bytes(entry("GET", "/x", 200)));
}
