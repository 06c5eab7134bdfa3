// Fuzz target "dispatcher": the request dispatcher end to end, in process. The input is
// decoded into up to 8 requests (method, target, header lines, body; format in
// http_input.h), and each is sent as HTTP/1.1 bytes through HttpServer::serve_in_process
// of a whole emulator (fuzz_app.h: every route, hook and handler; manual clock; no
// network), the requests of one input in order, on the same tenant state (so a seed can
// create an agent and then call it). Checks beyond "no crash" (check_response): every
// status is 100-599 (or a connection a "drop" fault dropped), every application/json body
// parses, every 4xx/5xx body has a documented error shape, and no handler fails with an
// unexpected exception (the 500 "Internal server error" path is logged, and the log is
// checked).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_app.h"
#include "http_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bolna::fuzz;
  FuzzApp& app = FuzzApp::instance();
  app.begin_input();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const FuzzRequest& r : decode_requests(input)) app.serve(request_bytes(r));
  return 0;
}
