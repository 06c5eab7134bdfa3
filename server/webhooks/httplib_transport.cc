#include "webhooks/httplib_transport.h"

#include <httplib.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>

#include "webhooks/webhook_url.h"

namespace bolna {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kAbandoned = "abandoned: the emulator shut down before the receiver answered";
// How long an idle thread beyond the first `workers` stays around.
constexpr auto kIdleLinger = std::chrono::seconds(30);

}  // namespace

struct HttplibTransport::Core {
  struct Job {
    std::string url;
    std::string receiver;
    WebhookHeaders headers;
    std::shared_ptr<const std::string> body;
    std::chrono::microseconds timeout{0};
    Done done;
  };
  struct Post {
    Job job;
    bool picked = false;  // a thread runs it
    Clock::time_point started;
    bool slow = false;                  // stepped aside
    bool finished = false;              // `done` was called or handed out
    httplib::Client* client = nullptr;  // while the request runs (for cancelling)
  };
  struct Receiver {
    std::deque<Job> waiting;
    int active = 0;  // ready or running
  };

  explicit Core(Options o) : options(o) {}

  Options options;
  mutable std::mutex mu;
  std::condition_variable work_cv;  // workers: a post is ready, or stopping
  std::condition_variable sup_cv;   // supervisor: something changed
  std::condition_variable exit_cv;  // shutdown: a post ended, a thread left, a done returned
  std::unordered_map<std::string, Receiver> receivers;
  std::deque<std::string> turn;  // receivers with waiting jobs, in round-robin order
  std::deque<std::shared_ptr<Post>> ready;
  std::list<std::shared_ptr<Post>> running;
  size_t waiting = 0;  // jobs in the receivers' queues
  size_t fresh = 0;    // ready or running, not stepped aside
  size_t slow = 0;
  size_t threads = 0;
  size_t idle = 0;
  size_t calling = 0;  // `done` callbacks running right now
  bool stopping = false;

  size_t workers() const { return static_cast<size_t>(std::max(1, options.workers)); }

  // Caller holds mu. The next job by turn whose receiver has room.
  std::optional<Job> pick() {
    for (size_t n = turn.size(); n > 0; --n) {
      std::string key = std::move(turn.front());
      turn.pop_front();
      Receiver& r = receivers[key];
      if (r.active < options.per_receiver && !r.waiting.empty()) {
        Job j = std::move(r.waiting.front());
        r.waiting.pop_front();
        waiting -= 1;
        r.active += 1;
        if (!r.waiting.empty()) turn.push_back(key);
        return j;
      }
      if (!r.waiting.empty()) turn.push_back(std::move(key));
    }
    return std::nullopt;
  }

  // Caller holds mu. A post of `receiver` ended (or was dropped).
  void release(const std::string& receiver) {
    auto it = receivers.find(receiver);
    if (it == receivers.end()) return;
    if (it->second.active > 0) it->second.active -= 1;
    if (it->second.active == 0 && it->second.waiting.empty()) receivers.erase(it);
  }

  // Caller holds mu. Hands `job` to an idle thread, or to a new one.
  void start(Job job, const std::shared_ptr<Core>& self) {
    auto p = std::make_shared<Post>();
    p->job = std::move(job);
    fresh += 1;
    ready.push_back(std::move(p));
    if (idle >= ready.size()) {
      work_cv.notify_one();
    } else if (threads < workers() + options.max_slow) {
      // The thread keeps the core alive, also past an abandoning shutdown(). When no
      // thread can be had, the post waits for a busy one.
      try {
        std::thread([self] { self->work(); }).detach();
        threads += 1;
      } catch (const std::system_error&) {
      }
    }
  }

  // Caller holds mu.
  void dispatch(const std::shared_ptr<Core>& self) {
    while (!stopping && fresh < workers()) {
      auto job = pick();
      if (!job) break;
      start(std::move(*job), self);
    }
  }

  void supervise(const std::shared_ptr<Core>& self) {
    std::unique_lock l(mu);
    while (!stopping) {
      dispatch(self);
      // Posts that have run for step_aside stop counting against the workers, but only
      // when something is waiting for a worker.
      std::optional<Clock::time_point> next_check;
      if (waiting > 0 && fresh >= workers()) {
        auto now = Clock::now();
        for (auto& p : running) {
          if (p->slow || slow >= options.max_slow) continue;
          auto due = p->started + options.step_aside;
          if (due <= now) {
            p->slow = true;
            slow += 1;
            fresh -= 1;
          } else if (!next_check || due < *next_check) {
            next_check = due;
          }
        }
        dispatch(self);
      }
      if (next_check && waiting > 0 && fresh >= workers())
        sup_cv.wait_until(l, *next_check);
      else
        sup_cv.wait(l);
    }
  }

  TransportResult run(Post& p) {
    TransportResult out;
    const Job& job = p.job;
    std::string why;
    auto url = parse_webhook_url(job.url, &why);
    if (!url) {
      out.error = why;
      out.permanent = true;
      return out;
    }
    if (url->scheme == "https") {
      out.error = "https receivers are not supported by this build (no TLS); use http";
      out.permanent = true;
      return out;
    }
    double timeout_s = static_cast<double>(job.timeout.count()) / 1e6;
    auto seconds = static_cast<time_t>(job.timeout.count() / 1000000);
    auto usec = static_cast<time_t>(job.timeout.count() % 1000000);
    httplib::Client cli(url->host, url->port);
    cli.set_connection_timeout(seconds, usec);
    cli.set_read_timeout(seconds, usec);
    cli.set_write_timeout(seconds, usec);
    httplib::Headers headers;
    for (const auto& [name, value] : job.headers) headers.emplace(name, value);
    {
      std::lock_guard l(mu);
      if (stopping) {
        out.abandoned = true;
        out.error = kAbandoned;
        return out;
      }
      p.client = &cli;
    }
    auto started = Clock::now();
    auto res = cli.Post(url->target.c_str(), headers, *job.body, "application/json");
    out.latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    {
      std::lock_guard l(mu);
      p.client = nullptr;
    }
    if (res) {
      out.code = res->status;
      return out;
    }
    httplib::Error err = res.error();
    bool timed_out = err == httplib::Error::ConnectionTimeout ||
                     ((err == httplib::Error::Read || err == httplib::Error::Write) &&
                      out.latency_ms >= timeout_s * 1000.0 * 0.95);
    out.error = timed_out ? "timeout after " + std::to_string(timeout_s) + " s"
                : err == httplib::Error::Connection ? "connection refused or unreachable"
                                                    : httplib::to_string(err);
    return out;
  }

  void work() {
    std::unique_lock l(mu);
    while (!stopping) {
      if (ready.empty()) {
        if (threads > workers()) break;  // extra threads leave once idle
        idle += 1;
        bool got = work_cv.wait_for(l, kIdleLinger, [&] { return stopping || !ready.empty(); });
        idle -= 1;
        if (!got && threads > workers()) break;
        continue;
      }
      std::shared_ptr<Post> p = std::move(ready.front());
      ready.pop_front();
      p->picked = true;
      p->started = Clock::now();
      running.push_back(p);
      auto it = std::prev(running.end());
      l.unlock();
      TransportResult result = run(*p);
      l.lock();
      running.erase(it);
      if (p->slow)
        slow -= 1;
      else
        fresh -= 1;
      release(p->job.receiver);
      Done done;
      if (!p->finished) {
        p->finished = true;
        done = std::move(p->job.done);
      }
      if (stopping && result.code == 0 && !result.permanent) {
        result.abandoned = true;
        result.error = kAbandoned;
      }
      sup_cv.notify_one();
      exit_cv.notify_all();
      if (done) {
        calling += 1;
        l.unlock();
        done(std::move(result));
        done = nullptr;  // its captures go outside the lock too
        l.lock();
        calling -= 1;
        exit_cv.notify_all();
      }
    }
    threads -= 1;
    exit_cv.notify_all();
  }
};

HttplibTransport::HttplibTransport(Options options) : core_(std::make_shared<Core>(options)) {
  supervisor_ = std::thread([core = core_] { core->supervise(core); });
}

HttplibTransport::~HttplibTransport() { shutdown(std::chrono::milliseconds(0)); }

void HttplibTransport::post(const std::string& url, WebhookHeaders headers,
                            std::shared_ptr<const std::string> body,
                            std::chrono::microseconds timeout, Done done) {
  std::lock_guard l(core_->mu);
  if (core_->stopping) return;
  Core::Job job{url,
                webhook_receiver_key(url),
                std::move(headers),
                std::move(body),
                timeout,
                std::move(done)};
  Core::Receiver& r = core_->receivers[job.receiver];
  if (r.waiting.empty()) core_->turn.push_back(job.receiver);
  r.waiting.push_back(std::move(job));
  core_->waiting += 1;
  core_->sup_cv.notify_one();
}

void HttplibTransport::shutdown(std::chrono::milliseconds grace) {
  std::vector<Done> abandoned;
  {
    std::unique_lock l(core_->mu);
    if (core_->stopping) return;
    core_->stopping = true;
    for (auto& [key, r] : core_->receivers)
      for (auto& job : r.waiting) abandoned.push_back(std::move(job.done));
    core_->receivers.clear();
    core_->turn.clear();
    core_->waiting = 0;
    for (auto& p : core_->ready) {
      p->finished = true;
      abandoned.push_back(std::move(p->job.done));
      core_->fresh -= 1;
    }
    core_->ready.clear();
    for (auto& p : core_->running)
      if (p->client) p->client->stop();  // the blocked read or write fails at once
    core_->work_cv.notify_all();
    core_->sup_cv.notify_all();
    auto deadline = Clock::now() + grace;
    core_->exit_cv.wait_until(l, deadline, [&] { return core_->running.empty(); });
    for (auto& p : core_->running) {
      if (p->finished) continue;
      p->finished = true;
      abandoned.push_back(std::move(p->job.done));
    }
  }
  if (supervisor_.joinable()) supervisor_.join();
  TransportResult result;
  result.abandoned = true;
  result.error = kAbandoned;
  for (auto& done : abandoned)
    if (done) done(result);
  abandoned.clear();
  // A worker may be inside a `done` of its own: the caller's objects must outlive it.
  std::unique_lock l(core_->mu);
  core_->exit_cv.wait(l, [&] { return core_->calling == 0; });
}

HttplibTransport::Stats HttplibTransport::stats() const {
  std::lock_guard l(core_->mu);
  Stats s;
  s.threads = core_->threads;
  s.running = core_->running.size();
  s.slow = core_->slow;
  s.waiting = core_->waiting + core_->ready.size();
  return s;
}

}  // namespace bolna
