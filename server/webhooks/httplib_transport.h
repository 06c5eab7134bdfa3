// HttplibTransport: the WebhookTransport App uses: blocking cpp-httplib client posts on a
// pool of threads of its own, shared fairly between receivers (scheme://host:port).
//
// Fairness: receivers take turns (round robin), each with at most `per_receiver` posts
// running at once, across all tenants. `workers` posts may start at once; a post still
// unanswered after `step_aside` stops counting against them (it keeps its thread), so a
// hanging receiver holds at most `per_receiver` threads and the others' posts start within
// `step_aside`. At most `max_slow` posts may have stepped aside at once (beyond, the next
// ones wait for a worker), so threads stay bounded by workers + max_slow.
//
// Shutdown: shutdown(grace) cancels the posts in flight (closing their sockets), waits up
// to `grace` for them to end, and abandons the rest: their `done` gets abandoned = true
// and the threads, still blocked in a connect bounded by the post's timeout, touch nothing
// of the caller's afterwards. Thread-safe; the only webhooks file that uses <httplib.h>.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <thread>

#include "webhooks/webhook_transport.h"

namespace bolna {

class HttplibTransport final : public WebhookTransport {
 public:
  struct Options {
    int workers = 8;  // posts started at once (--webhook-workers)
    std::chrono::milliseconds step_aside{200};
    size_t max_slow = 64;
    int per_receiver = 2;
  };

  explicit HttplibTransport(Options options);
  ~HttplibTransport() override;  // shutdown(0) when not shut down yet
  HttplibTransport(const HttplibTransport&) = delete;
  HttplibTransport& operator=(const HttplibTransport&) = delete;

  void post(const std::string& url, WebhookHeaders headers, std::shared_ptr<const std::string> body,
            std::chrono::microseconds timeout, Done done) override;
  void shutdown(std::chrono::milliseconds grace) override;

  struct Stats {
    size_t threads = 0;  // alive, busy or idle
    size_t running = 0;  // posts being made
    size_t slow = 0;     // of which stepped aside
    size_t waiting = 0;  // posts not started yet
  };
  Stats stats() const;

 private:
  struct Core;
  std::shared_ptr<Core> core_;
  std::thread supervisor_;
};

}  // namespace bolna
