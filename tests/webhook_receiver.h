// WebhookReceiver: a real HTTP webhook receiver for integration tests, listening on a
// loopback port (ephemeral, or a given one to bring a receiver "back up"). Records every
// request it gets, answers with scripted status codes, and can hang (bounded) until
// released. Thread-safe; one per test. Destroying it releases any hang and stops it.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"

namespace bolna::testing {

struct ReceivedHook {
  std::string path;  // with the query string
  Json body;         // parsed (null when not JSON)
  std::string raw;
  httplib::Headers headers;
  int answered = 0;   // the status the receiver answered
  bool held = false;  // was held by hang() (the sender may have timed out meanwhile)
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class WebhookReceiver {
 public:
  // port 0: any free loopback port.
  explicit WebhookReceiver(int port = 0) {
    server_.Post(".*",
                 [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
    port_ = port == 0 ? server_.bind_to_any_port("127.0.0.1")
                      : (server_.bind_to_port("127.0.0.1", port) ? port : -1);
    if (port_ <= 0) throw std::runtime_error("receiver cannot bind");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 400 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~WebhookReceiver() {
    release();
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // The next `n` requests are answered with `status` (then 200 again).
  void fail_next(int n, int status = 500) {
    std::lock_guard l(mu_);
    for (int i = 0; i < n; ++i) script_.push_back(status);
  }
  // While hanging, requests wait (at most 10 s) until release() before answering 200.
  void hang() {
    std::lock_guard l(mu_);
    hanging_ = true;
  }
  void release() {
    std::lock_guard l(mu_);
    hanging_ = false;
    cv_.notify_all();
  }
  // Requests currently held by hang().
  int held() const {
    std::lock_guard l(mu_);
    return held_;
  }

  // Every request so far, in arrival order.
  std::vector<ReceivedHook> all() const {
    std::lock_guard l(mu_);
    return received_;
  }
  // The requests answered with a 2xx without being held, in arrival order.
  std::vector<ReceivedHook> accepted() const {
    std::lock_guard l(mu_);
    std::vector<ReceivedHook> out;
    for (const auto& r : received_)
      if (r.answered >= 200 && r.answered < 300 && !r.held) out.push_back(r);
    return out;
  }

 private:
  void handle(const httplib::Request& req, httplib::Response& res) {
    std::unique_lock l(mu_);
    bool held = hanging_;
    if (hanging_) {
      held_ += 1;
      cv_.wait_for(l, std::chrono::seconds(10), [this] { return !hanging_; });
      held_ -= 1;
    }
    int status = 200;
    if (!script_.empty()) {
      status = script_.front();
      script_.pop_front();
    }
    ReceivedHook r;
    r.path = req.target.empty() ? req.path : req.target;  // with the query
    r.raw = req.body;
    r.body = Json::parse(req.body, nullptr, false);
    if (r.body.is_discarded()) r.body = nullptr;
    r.headers = req.headers;
    r.answered = status;
    r.held = held;
    received_.push_back(std::move(r));
    res.status = status;
    res.set_content("{\"ok\": true}", "application/json");
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int> script_;
  bool hanging_ = false;
  int held_ = 0;
  std::vector<ReceivedHook> received_;
};

}  // namespace bolna::testing
