// What a client would read from the bytes of one HTTP/1.1 response, for requests served
// in process (HttpServer::serve_in_process): the final status line (interim 1xx responses
// such as "100 Continue" are skipped), the headers and the body, de-chunked when the
// response is chunked. A response the server could not write, such as a dropped
// connection (a "drop" fault: http/connection_drop.h writes status 0), reads as
// dropped. Pure functions; safe from any thread.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace bolna {

struct InProcessResponse {
  std::string raw;      // every byte the server wrote
  bool dropped = true;  // no usable response: empty, unparsable, or status outside 100-599
  int status = 0;       // the final status (0 when dropped)
  httplib::Headers headers;
  std::string body;  // framed by Content-Length, chunks or the end of the bytes

  std::string header(const std::string& name) const;  // "" when absent
};

// Reads `raw` as described above; never throws.
InProcessResponse read_response_bytes(std::string raw);

}  // namespace bolna
