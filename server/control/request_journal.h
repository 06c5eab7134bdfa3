// RequestJournal: one tenant's bounded record of the requests it made (GET
// /__emulator/requests). A ring buffer: when full, recording drops the oldest entry.
// Knows nothing about HTTP servers; the journal hook (api/hooks.h) fills entries.
// Not thread-safe: guarded by the owning tenant's mutex.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
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

class RequestJournal {
 public:
  // Bodies are cut to this many bytes (README "Request journal").
  static constexpr size_t kMaxBodyBytes = 8192;

  // `capacity` 0 disables journaling (record() keeps nothing).
  explicit RequestJournal(size_t capacity) : capacity_(capacity) {}

  // Appends `entry`, assigning its seq; drops the oldest entry when full. Returns the seq
  // (0 when journaling is disabled).
  uint64_t record(JournalEntry entry);

  // Matching entries, oldest first.
  std::vector<JournalEntry> query(const JournalFilter& filter) const;

  // Forgets every entry but keeps counting sequence numbers (DELETE /__emulator/requests).
  // Returns how many entries were removed.
  size_t clear();
  // Forgets everything and restarts the sequence at 1 (tenant reset).
  void reset();

  size_t size() const { return entries_.size(); }
  size_t capacity() const { return capacity_; }
  uint64_t dropped() const { return dropped_; }  // pushed out by the bound since reset
  uint64_t last_seq() const { return next_seq_ - 1; }

  // A body cut to kMaxBodyBytes.
  static JournalBody clip(const std::string& body);

 private:
  size_t capacity_;
  std::deque<JournalEntry> entries_;
  uint64_t next_seq_ = 1;
  uint64_t dropped_ = 0;
};

}  // namespace bolna
