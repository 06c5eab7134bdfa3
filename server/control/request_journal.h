// RequestJournal: one tenant's bounded record of the requests it made (GET
// /__emulator/requests). A ring buffer: when full, recording drops the oldest entry.
// JournalBudget: the bound on the bytes of every tenant's journal together
// (--max-journal-bytes): when recording passes it, the oldest entries of all journals
// are dropped first, whichever tenant they belong to.
// Knows nothing about HTTP servers; the journal hook (control/routes/hooks.h) fills
// entries.
//
// Thread safety: a journal is written under its tenant's mutex (hooks, control routes)
// and, for the global bound, by other tenants' requests; it has its own internal mutex
// for that, so every member function is safe from any thread. The budget is
// thread-safe; it must outlive its journals (they share ownership of it). Lock order:
// budget, then journal.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "control/path_pattern.h"
#include "common/time.h"

namespace bolna {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A request body or response body as kept in the journal.
struct JournalBody {
  std::string text;  // the first kMaxBodyBytes bytes
  size_t bytes = 0;  // the full size
  bool truncated() const { return text.size() < bytes; }
};

struct JournalEntry {
  uint64_t seq = 0;  // assigned by record(): 1, 2, 3, ...
  std::string method;
  std::string path;            // without the query string
  std::string route;           // the matched route pattern, "" when none (404)
  std::string query;           // raw query string, without '?'
  int status = 0;              // 0: the connection was dropped (fault)
  HeaderList request_headers;  // only the headers of interest
  HeaderList response_headers;
  JournalBody request_body;
  JournalBody response_body;
  TimePoint wall_time;     // when the request finished, wall clock
  TimePoint virtual_time;  // the same instant on the tenant's virtual clock
  double duration_ms = 0;
  std::string fault;  // id of the injected fault that hit it, "" when none
};

// Status filter: an exact status ("404") or a class ("4xx").
struct StatusFilter {
  int value = 0;
  bool whole_class = false;
  bool matches(int status) const {
    return whole_class ? status / 100 == value / 100 : status == value;
  }
};
// "404" or "4xx" (case-insensitive x); nullopt when malformed.
std::optional<StatusFilter> parse_status_filter(const std::string& text);

struct JournalFilter {
  std::optional<std::string> method;  // upper case; exact
  std::optional<PathPattern> path;
  std::optional<StatusFilter> status;
  std::optional<uint64_t> since_seq;    // entries with seq > since_seq
  std::optional<TimePoint> since_time;  // entries with virtual_time >= since_time
  std::optional<size_t> limit;          // keep only the newest `limit` matches
};

class RequestJournal;

class JournalBudget {
 public:
  // `max_bytes` > 0: the most bytes (entry_bytes) all attached journals may keep.
  explicit JournalBudget(size_t max_bytes) : max_bytes_(max_bytes) {}
  JournalBudget(const JournalBudget&) = delete;
  JournalBudget& operator=(const JournalBudget&) = delete;

  size_t max_bytes() const { return max_bytes_; }
  // Bytes kept by every attached journal now (at most max_bytes() between calls).
  size_t used_bytes() const { return used_.load(); }

 private:
  friend class RequestJournal;
  // One recorded entry, in recording order across journals.
  struct Item {
    RequestJournal* journal;
    uint64_t seq;
    uint64_t epoch;
  };
  void attach(RequestJournal* j);
  void detach(RequestJournal* j);
  void charge(size_t bytes) { used_ += bytes; }
  void refund(size_t bytes) { used_ -= bytes; }
  // After `j` recorded entry `seq`: drops the oldest entries of every journal while the
  // total is over the bound.
  void recorded(RequestJournal* j, uint64_t seq, uint64_t epoch);
  void compact_locked();  // forgets items of entries that are gone

  const size_t max_bytes_;
  std::atomic<size_t> used_{0};
  std::mutex mutex_;  // guards the members below
  std::unordered_set<RequestJournal*> journals_;
  std::deque<Item> order_;
  size_t compacted_size_ = 0;
};

class RequestJournal {
 public:
  // Bodies are cut to this many bytes (README "Request journal").
  static constexpr size_t kMaxBodyBytes = 8192;
  // What an entry costs against the budget, besides its strings.
  static constexpr size_t kEntryOverheadBytes = sizeof(JournalEntry);

  // `capacity` 0 disables journaling (record() keeps nothing). `budget`, when set, is
  // the global byte bound this journal shares with the other tenants' journals.
  explicit RequestJournal(size_t capacity, std::shared_ptr<JournalBudget> budget = nullptr);
  ~RequestJournal();
  RequestJournal(const RequestJournal&) = delete;
  RequestJournal& operator=(const RequestJournal&) = delete;

  // The bytes `entry` counts for: kEntryOverheadBytes plus the size of its strings.
  static size_t entry_bytes(const JournalEntry& entry);

  // Appends `entry`, assigning its seq; drops the oldest entry when full, and the oldest
  // entries of every journal while the budget is over its bound (possibly this very
  // entry, when it alone is larger). Returns the seq (0 when journaling is disabled).
  uint64_t record(JournalEntry entry);

  // Matching entries, oldest first.
  std::vector<JournalEntry> query(const JournalFilter& filter) const;

  // Forgets every entry but keeps counting sequence numbers (DELETE /__emulator/requests).
  // Returns how many entries were removed.
  size_t clear();
  // Forgets everything and restarts the sequence at 1 (tenant reset).
  void reset();

  size_t size() const;
  size_t capacity() const { return capacity_; }
  uint64_t dropped() const;  // pushed out by either bound since reset
  uint64_t last_seq() const;
  size_t bytes() const;  // entry_bytes of the entries kept

  // A body cut to kMaxBodyBytes.
  static JournalBody clip(const std::string& body);

 private:
  friend class JournalBudget;
  // Budget side (caller holds the budget's mutex, not this journal's).
  void evict_through(uint64_t seq, uint64_t epoch);
  bool holds(uint64_t seq, uint64_t epoch) const;
  void drop_front_locked();
  void forget_all_locked();

  const size_t capacity_;
  const std::shared_ptr<JournalBudget> budget_;
  mutable std::mutex mutex_;  // guards the members below
  std::deque<JournalEntry> entries_;
  uint64_t next_seq_ = 1;
  uint64_t dropped_ = 0;
  size_t bytes_ = 0;
  uint64_t epoch_ = 0;  // bumped by clear() and reset(): older budget items are stale
};

}  // namespace bolna
