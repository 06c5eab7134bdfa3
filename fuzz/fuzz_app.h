// FuzzApp: the emulator that the in-process fuzz targets (dispatcher, multipart) send
// requests to, through HttpServer::serve_in_process (no sockets). An App as `main` makes
// one, with: the manual clock, a fixed seed, the repository's fixtures/example.json (so
// agent ids and numbers are known) and scenarios/, an admin token ("fuzz-admin"), one
// HTTP thread (event streams are refused: they would never end), short webhook
// timeouts, and the OfflineTransport (no network). Logging is off except errors; an
// error log of an unexpected handler exception is a broken invariant.
// Every input starts from the same state: begin_input() resets every tenant (the admin
// reset) and makes the App anew every kInputsPerApp inputs, so what a reset keeps
// (tenants of other keys, metrics, the webhook sink) stays bounded. Latency faults do not
// wait. One thread; one instance (instance()).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http/in_process.h"

namespace bolna {
class App;
}

namespace bolna::fuzz {

inline constexpr const char* kFuzzKey = "bn-fuzz";
inline constexpr const char* kAdminToken = "fuzz-admin";
inline constexpr int kInputsPerApp = 500;

class FuzzApp {
 public:
  static FuzzApp& instance();

  // Call at the start of every input.
  void begin_input();
  // Serves one request (bytes of an HTTP/1.1 request) and checks the response. With
  // BOLNA_FUZZ_TRACE set, prints the request line, the status and the body's start.
  InProcessResponse serve(std::string_view request);

 private:
  FuzzApp();
  std::unique_ptr<App> app_;
  int inputs_ = 0;
  bool trace_ = false;
};

// Checks what every response must satisfy and aborts otherwise: a status from 100 to 599
// (or a connection dropped by a "drop" fault); every application/json body parses as
// JSON; every 4xx/5xx body, except a configured fault's (X-Emulator-Fault) and HEAD
// answers, is a JSON object in a documented error shape: {"error": <int>, "message":
// "<text>"}, or {"detail": "..."} / {"message": "..."} (README "Errors"). `method` is the
// request's.
void check_response(const InProcessResponse& r, std::string_view method);

}  // namespace bolna::fuzz
