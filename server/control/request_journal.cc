#include "control/request_journal.h"

#include <cctype>

namespace bolna {

std::optional<StatusFilter> parse_status_filter(const std::string& text) {
  if (text.size() != 3 || text[0] < '1' || text[0] > '5') return std::nullopt;
  auto is_x = [](char c) { return c == 'x' || c == 'X'; };
  if (is_x(text[1]) && is_x(text[2])) return StatusFilter{(text[0] - '0') * 100, true};
  if (!std::isdigit(static_cast<unsigned char>(text[1])) ||
      !std::isdigit(static_cast<unsigned char>(text[2])))
    return std::nullopt;
  return StatusFilter{std::stoi(text), false};
}

uint64_t RequestJournal::record(JournalEntry entry) {
  if (capacity_ == 0) return 0;
  entry.seq = next_seq_++;
  while (entries_.size() >= capacity_) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(std::move(entry));
  return entries_.back().seq;
}

std::vector<JournalEntry> RequestJournal::query(const JournalFilter& filter) const {
  std::vector<JournalEntry> out;
  for (const JournalEntry& e : entries_) {
    if (filter.since_seq && e.seq <= *filter.since_seq) continue;
    if (filter.since_time && e.virtual_time < *filter.since_time) continue;
    if (filter.method && e.method != *filter.method) continue;
    if (filter.status && !filter.status->matches(e.status)) continue;
    if (filter.path && !filter.path->matches(e.path, e.route)) continue;
    out.push_back(e);
  }
  if (filter.limit && out.size() > *filter.limit)
    out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(*filter.limit));
  return out;
}

size_t RequestJournal::clear() {
  size_t n = entries_.size();
  entries_.clear();
  return n;
}

void RequestJournal::reset() {
  entries_.clear();
  next_seq_ = 1;
  dropped_ = 0;
}

JournalBody RequestJournal::clip(const std::string& body) {
  JournalBody b;
  b.bytes = body.size();
  b.text = body.substr(0, kMaxBodyBytes);
  return b;
}

}  // namespace bolna
