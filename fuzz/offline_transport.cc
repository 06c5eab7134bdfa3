#include "offline_transport.h"

namespace bolna::fuzz {

OfflineTransport::OfflineTransport() : thread_([this] { run(); }) {}

OfflineTransport::~OfflineTransport() { shutdown(std::chrono::milliseconds(0)); }

void OfflineTransport::post(const std::string&, WebhookHeaders, std::shared_ptr<const std::string>,
                            std::chrono::microseconds, Done done) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  pending_.push_back(std::move(done));
  wake_.notify_one();
}

void OfflineTransport::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
    if (pending_.empty()) return;  // stopping, nothing left
    Done done = std::move(pending_.front());
    pending_.pop_front();
    TransportResult r;
    r.error = "offline (fuzzing: no network)";
    r.permanent = true;
    r.abandoned = stopping_;
    lock.unlock();
    done(std::move(r));
    lock.lock();
  }
}

void OfflineTransport::shutdown(std::chrono::milliseconds) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = stopping_ = true;
    wake_.notify_all();
  }
  // The thread answers what is still queued, then ends.
  if (thread_.joinable()) thread_.join();
}

}  // namespace bolna::fuzz
