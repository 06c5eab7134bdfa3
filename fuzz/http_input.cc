#include "http_input.h"

#include <cctype>

namespace bolna::fuzz {

namespace {

// The next line of `s` from *pos (without LF/CRLF); the rest when no LF is left.
std::string_view take_line(std::string_view s, size_t* pos) {
  size_t end = s.find('\n', *pos);
  std::string_view line =
      s.substr(*pos, end == std::string_view::npos ? std::string_view::npos : end - *pos);
  *pos = end == std::string_view::npos ? s.size() : end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool has_name(const std::string& line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

FuzzRequest decode_one(std::string_view text) {
  FuzzRequest r;
  size_t pos = 0;
  std::string_view first = take_line(text, &pos);
  size_t space = first.find(' ');
  r.method = std::string(first.substr(0, space));
  r.target = space == std::string_view::npos ? "/" : std::string(first.substr(space + 1));
  while (pos < text.size()) {
    std::string_view line = take_line(text, &pos);
    if (line.empty()) break;
    r.header_lines.emplace_back(line);
  }
  r.body = std::string(text.substr(pos));
  return r;
}

}  // namespace

std::vector<FuzzRequest> decode_requests(std::string_view input) {
  std::vector<FuzzRequest> out;
  size_t start = 0;
  while (start <= input.size() && out.size() < kMaxRequests) {
    size_t sep = input.find("\n%%\n", start);
    std::string_view part = input.substr(
        start, sep == std::string_view::npos ? std::string_view::npos : sep + 1 - start);
    if (!part.empty() && part.back() == '\n' && sep != std::string_view::npos) {
      // The LF before "%%" ends the body's last line; it is not part of the body.
      part.remove_suffix(1);
      if (!part.empty() && part.back() == '\r') part.remove_suffix(1);
    }
    out.push_back(decode_one(part));
    if (sep == std::string_view::npos) break;
    start = sep + 4;
  }
  return out;
}

std::string request_bytes(const FuzzRequest& r) {
  std::string out = r.method + " " + r.target + " HTTP/1.1\r\nHost: fuzz\r\n";
  bool auth = false, framed = false;
  for (const std::string& line : r.header_lines) {
    auth = auth || has_name(line, "authorization");
    framed = framed || has_name(line, "content-length") || has_name(line, "transfer-encoding");
    out += line + "\r\n";
  }
  if (!auth) out += "Authorization: Bearer bn-fuzz\r\n";
  if (!framed) out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  out += "\r\n";
  out += r.body;
  return out;
}

}  // namespace bolna::fuzz
