#include "http/in_process.h"

#include <cctype>
#include <cstdlib>

namespace bolna {

namespace {

// The next line of `s` from *pos without its CRLF (or LF); false when no line end is left.
bool next_line(std::string_view s, size_t* pos, std::string_view* line) {
  size_t end = s.find('\n', *pos);
  if (end == std::string_view::npos) return false;
  *line = s.substr(*pos, end - *pos);
  if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
  *pos = end + 1;
  return true;
}

// "HTTP/1.1 200 OK" -> 200; 0 when not a status line.
int status_of(std::string_view line) {
  if (line.substr(0, 5) != "HTTP/") return 0;
  size_t space = line.find(' ');
  if (space == std::string_view::npos || line.size() < space + 4) return 0;
  int status = 0;
  for (size_t i = space + 1; i < space + 4; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) return 0;
    status = status * 10 + (line[i] - '0');
  }
  return status;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// De-chunks `s`; stops at the last chunk or at the first malformed size line.
std::string dechunk(std::string_view s) {
  std::string out;
  size_t pos = 0;
  std::string_view line;
  while (next_line(s, &pos, &line)) {
    std::string size_text(line.substr(0, line.find(';')));
    char* end = nullptr;
    unsigned long long size = std::strtoull(size_text.c_str(), &end, 16);
    if (size_text.empty() || end == size_text.c_str() || size == 0) break;
    if (size > s.size() - pos) size = s.size() - pos;
    out.append(s.substr(pos, size));
    pos += size;
    if (!next_line(s, &pos, &line)) break;  // the CRLF after the chunk
  }
  return out;
}

}  // namespace

std::string InProcessResponse::header(const std::string& name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return "";
}

InProcessResponse read_response_bytes(std::string raw) {
  InProcessResponse r;
  r.raw = std::move(raw);
  std::string_view s = r.raw;
  size_t pos = 0;
  std::string_view line;
  int status = 0;
  while (true) {
    if (!next_line(s, &pos, &line)) return r;
    status = status_of(line);
    if (status < 100 || status > 599) return r;
    httplib::Headers headers;
    while (true) {
      if (!next_line(s, &pos, &line)) return r;
      if (line.empty()) break;
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      headers.emplace(std::string(line.substr(0, colon)), std::string(value));
    }
    r.headers = std::move(headers);
    if (status >= 200) break;  // 1xx: an interim response; the final one follows
  }
  r.status = status;
  r.dropped = false;
  std::string_view rest = s.substr(pos);
  std::string length = r.header("Content-Length");
  if (r.header("Transfer-Encoding").find("chunked") != std::string::npos) {
    r.body = dechunk(rest);
  } else if (!length.empty()) {
    r.body = std::string(rest.substr(0, std::strtoull(length.c_str(), nullptr, 10)));
  } else {
    r.body = std::string(rest);
  }
  return r;
}

}  // namespace bolna
