// Fuzz target "multipart": the multipart/form-data uploads, as the server reads them:
// cpp-httplib's multipart parser, the UTF-8 check of field names, text fields and file
// names (http/utf8_hook.h) and the upload handlers' field readers (the batch CSV, the
// retry_config JSON field, knowledgebase and violation evidence). The first byte picks
// the route (POST /batches, /batches/schedule, /knowledgebase, /violations/submit); the
// rest is the body, sent in process (fuzz_app.h) with Content-Type multipart/form-data;
// boundary=BOLNAFUZZ. Checks: those of every response (check_response: status, JSON
// bodies, error shape, no unexpected exception), and a 2xx upload answers a JSON object.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/json.h"
#include "fuzz_app.h"
#include "fuzz_check.h"

namespace {

constexpr const char* kRoutes[] = {"/batches", "/batches/schedule", "/knowledgebase",
                                   "/violations/submit"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bolna::fuzz;
  if (size == 0) return 0;
  FuzzApp& app = FuzzApp::instance();
  app.begin_input();
  std::string route = kRoutes[data[0] % (sizeof(kRoutes) / sizeof(kRoutes[0]))];
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string request = "POST " + route + " HTTP/1.1\r\nHost: fuzz\r\nAuthorization: Bearer " +
                        kFuzzKey +
                        "\r\nContent-Type: multipart/form-data; boundary=BOLNAFUZZ\r\n"
                        "Content-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n";
  request += body;
  bolna::InProcessResponse r = app.serve(request);
  if (r.status >= 200 && r.status < 300) {
    bolna::Json j = bolna::Json::parse(r.body, nullptr, false);
    require(j.is_object(), "a 2xx upload answer is not a JSON object: " + r.body.substr(0, 300));
  }
  return 0;
}
