// HeadScanner: finds the end of an HTTP/1.x request head in the bytes a connection has
// buffered so far, applies the head limits (total size, header count, line length) before
// cpp-httplib parses it, and reads the body framing (Content-Length, chunked, Expect) the
// connection needs to decide whether the whole request is in. Incremental: scan() resumes
// where the previous call stopped, so a head trickling in byte by byte costs linear time.
// Lines are split the way cpp-httplib reads them: on '\n'; a line of exactly "\r\n" ends
// the head; header lines not ending in CRLF are ignored by httplib and not counted here.
// One scanner per connection; not thread-safe; reset() before the next request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace bolna {

struct HeadLimits {
  size_t max_head_bytes = 64 * 1024;  // request line + header lines + blank line
  size_t max_headers = 100;           // header fields
  size_t max_line_bytes = 8192;       // one header line, CRLF included (httplib's limit)
};

enum class HeadStatus {
  kIncomplete,      // no blank line yet, within the limits
  kComplete,        // head_bytes() bytes form the head
  kTooLarge,        // more than max_head_bytes before the blank line
  kTooManyHeaders,  // more than max_headers header lines
  kLineTooLong,     // a header line longer than max_line_bytes
};

class HeadScanner {
 public:
  explicit HeadScanner(HeadLimits limits = {}) : limits_(limits) {}

  // Scans `buffered`, which starts at the head's first byte and only grows between calls
  // (until reset()). Once the result is final (anything but kIncomplete) it stays so.
  HeadStatus scan(std::string_view buffered);
  void reset();

  HeadStatus status() const { return status_; }
  const HeadLimits& limits() const { return limits_; }
  // Valid once kComplete.
  size_t head_bytes() const { return head_bytes_; }
  size_t headers() const { return headers_; }
  // The first Content-Length value (nullopt: none, or not a plain decimal number).
  std::optional<uint64_t> content_length() const { return content_length_; }
  bool chunked() const { return chunked_; }               // Transfer-Encoding has "chunked"
  bool expect_continue() const { return expect_continue_; }  // Expect: 100-continue

 private:
  void header_line(std::string_view line);

  HeadLimits limits_;
  HeadStatus status_ = HeadStatus::kIncomplete;
  size_t pos_ = 0;  // start of the first line not scanned yet
  size_t lines_ = 0;
  size_t headers_ = 0;
  size_t head_bytes_ = 0;
  bool seen_content_length_ = false;
  std::optional<uint64_t> content_length_;
  bool chunked_ = false;
  bool expect_continue_ = false;
};

}  // namespace bolna
