// WebhookTransport: the seam between webhook delivery logic and the network. post() hands
// over one POST (JSON body, headers, timeout) and returns at once; the answer (status
// code or error, latency) arrives later through the `done` callback. The dispatcher
// (webhooks/webhook_dispatcher.h) uses it; App plugs in HttplibTransport
// (webhooks/httplib_transport.h), unit tests a fake that answers when told to.
//
// Contract for implementations: thread-safe; post() never blocks on the network and never
// calls `done` itself (the caller may hold locks that `done` takes); `done` is called
// exactly once per post, from a thread of the transport's (or from shutdown()'s caller),
// with no lock of the transport held. After shutdown() has returned no `done` is called
// any more and post() is ignored.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace bolna {

// Request headers of a delivery, in order (names as given; the transport adds
// Content-Type: application/json and what HTTP itself needs).
using WebhookHeaders = std::vector<std::pair<std::string, std::string>>;

struct TransportResult {
  int code = 0;            // the receiver's HTTP status; 0 when it did not answer
  std::string error;       // why there is no answer ("" when code != 0)
  double latency_ms = 0;   // wall time from the start of the post to its end
  bool permanent = false;  // retrying cannot help (an unusable URL)
  bool abandoned = false;  // the transport shut down before the receiver answered
};

class WebhookTransport {
 public:
  using Done = std::function<void(TransportResult)>;

  virtual ~WebhookTransport() = default;

  // Starts POSTing `body` to `url`; `timeout` bounds connecting and each read and write.
  virtual void post(const std::string& url, WebhookHeaders headers,
                    std::shared_ptr<const std::string> body, std::chrono::microseconds timeout,
                    Done done) = 0;

  // Stops: posts not started yet, and posts still unanswered after `grace`, are abandoned
  // (their `done` gets abandoned = true). Returns once every `done` has been called.
  // Idempotent.
  virtual void shutdown(std::chrono::milliseconds grace) = 0;
};

}  // namespace bolna
