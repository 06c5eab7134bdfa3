// OfflineTransport: the webhook transport of the in-process fuzz targets. It never opens
// a socket: every post is answered at once, from the transport's own thread (as the
// contract in webhooks/webhook_transport.h requires), as a permanent failure "offline",
// so deliveries end without retries and clock moves never wait on the network.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "webhooks/webhook_transport.h"

namespace bolna::fuzz {

class OfflineTransport final : public WebhookTransport {
 public:
  OfflineTransport();
  ~OfflineTransport() override;

  void post(const std::string& url, WebhookHeaders headers, std::shared_ptr<const std::string> body,
            std::chrono::microseconds timeout, Done done) override;
  void shutdown(std::chrono::milliseconds grace) override;

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Done> pending_;
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace bolna::fuzz
