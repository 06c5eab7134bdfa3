// FakeTransport: a WebhookTransport for unit tests, no sockets. It records every post; the
// test answers them itself (answer(), on the test's thread, never inside post(), as the
// transport contract requires), or installs a responder that a thread of the fake applies
// to each post as it arrives (for clock moves, which wait for answers). Thread-safe;
// destroy it after the dispatcher that uses it has shut down.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "webhooks/webhook_transport.h"

namespace bolna::testing {

class FakeTransport final : public WebhookTransport {
 public:
  struct Post {
    std::string url;
    WebhookHeaders headers;
    std::string body;
    std::chrono::microseconds timeout{0};
    bool answered = false;
    std::string header(const std::string& name) const {
      for (const auto& [n, v] : headers)
        if (n == name) return v;
      return "";
    }
  };
  using Responder = std::function<TransportResult(const Post&, size_t index)>;

  ~FakeTransport() override { stop_responder(); }

  void post(const std::string& url, WebhookHeaders headers, std::shared_ptr<const std::string> body,
            std::chrono::microseconds timeout, Done done) override {
    std::lock_guard l(mu_);
    if (stopped_) return;
    posts_.push_back({url, std::move(headers), *body, timeout, false});
    dones_.push_back(std::move(done));
    cv_.notify_all();
  }

  void shutdown(std::chrono::milliseconds) override {
    stop_responder();
    std::vector<Done> left;
    {
      std::lock_guard l(mu_);
      if (stopped_) return;
      stopped_ = true;
      for (size_t i = 0; i < posts_.size(); ++i)
        if (!posts_[i].answered) {
          posts_[i].answered = true;
          left.push_back(std::move(dones_[i]));
        }
    }
    TransportResult r;
    r.abandoned = true;
    r.error = "abandoned";
    for (auto& d : left) d(r);
  }

  size_t count() const {
    std::lock_guard l(mu_);
    return posts_.size();
  }
  Post at(size_t i) const {
    std::lock_guard l(mu_);
    return posts_.at(i);
  }
  std::vector<Post> all() const {
    std::lock_guard l(mu_);
    return {posts_.begin(), posts_.end()};
  }
  size_t unanswered() const {
    std::lock_guard l(mu_);
    size_t n = 0;
    for (const auto& p : posts_) n += p.answered ? 0 : 1;
    return n;
  }

  // Answers post `i` (once).
  void answer(size_t i, TransportResult r) {
    Done d;
    {
      std::lock_guard l(mu_);
      if (posts_.at(i).answered) return;
      posts_[i].answered = true;
      d = std::move(dones_[i]);
    }
    d(std::move(r));
  }
  void answer(size_t i, int code) {
    TransportResult r;
    r.code = code;
    answer(i, r);
  }
  // Answers every post not answered yet, oldest first; returns how many.
  size_t answer_all(int code) {
    size_t n = 0;
    for (size_t i = 0; i < count(); ++i)
      if (!at(i).answered) {
        answer(i, code);
        ++n;
      }
    return n;
  }

  // From now on a thread of the fake answers every post (also those already waiting)
  // with `responder`.
  void respond_with(Responder responder) {
    stop_responder();
    std::lock_guard l(mu_);
    responder_ = std::move(responder);
    running_ = true;
    thread_ = std::thread([this] { respond_loop(); });
  }

 private:
  void respond_loop() {
    std::unique_lock l(mu_);
    while (running_) {
      size_t i = 0;
      while (i < posts_.size() && posts_[i].answered) ++i;
      if (i == posts_.size()) {
        cv_.wait(l);
        continue;
      }
      posts_[i].answered = true;
      Post p = posts_[i];
      Done d = std::move(dones_[i]);
      Responder responder = responder_;
      l.unlock();
      d(responder(p, i));
      l.lock();
    }
  }
  void stop_responder() {
    {
      std::lock_guard l(mu_);
      running_ = false;
      cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Post> posts_;
  std::deque<Done> dones_;
  bool stopped_ = false;
  bool running_ = false;
  Responder responder_;
  std::thread thread_;
};

inline TransportResult answered(int code) {
  TransportResult r;
  r.code = code;
  return r;
}

inline TransportResult refused() {
  TransportResult r;
  r.error = "connection refused or unreachable";
  return r;
}

}  // namespace bolna::testing
