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

void JournalBudget::attach(RequestJournal* j) {
  std::lock_guard lock(mutex_);
  journals_.insert(j);
}

void JournalBudget::detach(RequestJournal* j) {
  std::lock_guard lock(mutex_);
  journals_.erase(j);
}

void JournalBudget::recorded(RequestJournal* j, uint64_t seq, uint64_t epoch) {
  std::lock_guard lock(mutex_);
  order_.push_back({j, seq, epoch});
  while (used_.load() > max_bytes_ && !order_.empty()) {
    Item oldest = order_.front();
    order_.pop_front();
    if (journals_.count(oldest.journal)) oldest.journal->evict_through(oldest.seq, oldest.epoch);
  }
  // Items of entries a journal dropped itself (its ring, clear, reset) stay behind until
  // here: compact now and then, so the list stays in proportion to what is kept.
  if (order_.size() > 2 * compacted_size_ + 1024) compact_locked();
}

void JournalBudget::compact_locked() {
  std::deque<Item> kept;
  for (const Item& item : order_)
    if (journals_.count(item.journal) && item.journal->holds(item.seq, item.epoch))
      kept.push_back(item);
  order_ = std::move(kept);
  compacted_size_ = order_.size();
}

RequestJournal::RequestJournal(size_t capacity, std::shared_ptr<JournalBudget> budget)
    : capacity_(capacity), budget_(std::move(budget)) {
  if (budget_) budget_->attach(this);
}

RequestJournal::~RequestJournal() {
  if (!budget_) return;
  budget_->detach(this);
  budget_->refund(bytes_);
}

size_t RequestJournal::entry_bytes(const JournalEntry& e) {
  size_t n = kEntryOverheadBytes + e.method.size() + e.path.size() + e.route.size() +
             e.query.size() + e.request_body.text.size() + e.response_body.text.size() +
             e.fault.size();
  for (const HeaderList* headers : {&e.request_headers, &e.response_headers})
    for (const auto& [name, value] : *headers) n += name.size() + value.size();
  return n;
}

uint64_t RequestJournal::record(JournalEntry entry) {
  if (capacity_ == 0) return 0;
  size_t cost = entry_bytes(entry);
  uint64_t seq = 0, epoch = 0;
  {
    std::lock_guard lock(mutex_);
    seq = entry.seq = next_seq_++;
    while (entries_.size() >= capacity_) drop_front_locked();
    entries_.push_back(std::move(entry));
    bytes_ += cost;
    if (budget_) budget_->charge(cost);
    epoch = epoch_;
  }
  if (budget_) budget_->recorded(this, seq, epoch);
  return seq;
}

void RequestJournal::drop_front_locked() {
  size_t cost = entry_bytes(entries_.front());
  entries_.pop_front();
  bytes_ -= cost;
  if (budget_) budget_->refund(cost);
  ++dropped_;
}

void RequestJournal::forget_all_locked() {
  if (budget_) budget_->refund(bytes_);
  bytes_ = 0;
  entries_.clear();
  ++epoch_;
}

void RequestJournal::evict_through(uint64_t seq, uint64_t epoch) {
  std::lock_guard lock(mutex_);
  if (epoch != epoch_) return;
  while (!entries_.empty() && entries_.front().seq <= seq) drop_front_locked();
}

bool RequestJournal::holds(uint64_t seq, uint64_t epoch) const {
  std::lock_guard lock(mutex_);
  return epoch == epoch_ && !entries_.empty() && entries_.front().seq <= seq &&
         seq <= entries_.back().seq;
}

std::vector<JournalEntry> RequestJournal::query(const JournalFilter& filter) const {
  std::lock_guard lock(mutex_);
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
  std::lock_guard lock(mutex_);
  size_t n = entries_.size();
  forget_all_locked();
  return n;
}

void RequestJournal::reset() {
  std::lock_guard lock(mutex_);
  forget_all_locked();
  next_seq_ = 1;
  dropped_ = 0;
}

size_t RequestJournal::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

uint64_t RequestJournal::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

uint64_t RequestJournal::last_seq() const {
  std::lock_guard lock(mutex_);
  return next_seq_ - 1;
}

size_t RequestJournal::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

JournalBody RequestJournal::clip(const std::string& body) {
  JournalBody b;
  b.bytes = body.size();
  b.text = body.substr(0, kMaxBodyBytes);
  return b;
}

}  // namespace bolna
