#include "http/request_head.h"

#include <string>

namespace bolna {

namespace {

// ASCII only (header names are tokens), inline: libc's tolower is a call per byte.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<uint64_t> decimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

void HeadScanner::reset() { *this = HeadScanner(limits_); }

void HeadScanner::header_line(std::string_view line) {
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string_view name = line.substr(0, colon);
  std::string_view value = trim(line.substr(colon + 1));
  if (iequals(name, "Content-Length")) {
    if (!seen_content_length_) content_length_ = decimal(value);
    seen_content_length_ = true;
  } else if (iequals(name, "Transfer-Encoding")) {
    if (iequals(value, "chunked")) chunked_ = true;
  } else if (iequals(name, "Expect")) {
    if (iequals(value, "100-continue")) expect_continue_ = true;
  }
}

HeadStatus HeadScanner::scan(std::string_view buffered) {
  if (status_ != HeadStatus::kIncomplete) return status_;
  while (true) {
    size_t nl = buffered.find('\n', pos_);
    if (nl == std::string_view::npos) {
      // The unfinished line already counts against the limits.
      size_t partial = buffered.size() - pos_;
      if (buffered.size() > limits_.max_head_bytes) return status_ = HeadStatus::kTooLarge;
      if (lines_ > 0 && partial > limits_.max_line_bytes)
        return status_ = HeadStatus::kLineTooLong;
      return status_;
    }
    std::string_view line = buffered.substr(pos_, nl + 1 - pos_);
    size_t end = nl + 1;
    if (end > limits_.max_head_bytes) return status_ = HeadStatus::kTooLarge;
    bool crlf = line.size() >= 2 && line[line.size() - 2] == '\r';
    if (lines_ > 0) {
      if (line.size() == 2 && crlf) {
        head_bytes_ = end;
        return status_ = HeadStatus::kComplete;
      }
      if (line.size() > limits_.max_line_bytes) return status_ = HeadStatus::kLineTooLong;
      if (crlf) {
        if (++headers_ > limits_.max_headers) return status_ = HeadStatus::kTooManyHeaders;
        header_line(line.substr(0, line.size() - 2));
      }
    }
    ++lines_;
    pos_ = end;
  }
}

}  // namespace bolna
