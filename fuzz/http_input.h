// The text format of the dispatcher target's inputs (and seeds), and its translation to
// the bytes of HTTP/1.1 requests. An input holds up to kMaxRequests requests separated by
// lines "%%"; each is
//     <METHOD> <target>\n        e.g. "POST /v2/agent" or "GET /executions?page=2"
//     <header line>\n ...        e.g. "Content-Type: application/json"
//     \n
//     <body>                      the rest, byte for byte
// Line ends may be LF or CRLF. The bytes sent are "<METHOD> <target> HTTP/1.1", the
// header lines (CRLF), "Host: fuzz", "Authorization: Bearer bn-fuzz" unless the request
// has an Authorization line, and a Content-Length of the body unless it has a
// Content-Length or Transfer-Encoding line of its own (then it frames the body itself).
// Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bolna::fuzz {

inline constexpr size_t kMaxRequests = 8;

struct FuzzRequest {
  std::string method;
  std::string target;
  std::vector<std::string> header_lines;
  std::string body;
};

std::vector<FuzzRequest> decode_requests(std::string_view input);

// The request as HTTP/1.1 bytes, as described above.
std::string request_bytes(const FuzzRequest& r);

}  // namespace bolna::fuzz
