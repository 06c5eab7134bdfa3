#include "http/connection_engine.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <deque>
#include <stdexcept>
#include <string>

#include "http/api_error.h"

namespace bolna {

namespace {

constexpr uint64_t kWakeTag = ~uint64_t{0};
constexpr auto kTimerInterval = std::chrono::milliseconds(100);
// Requests a worker serves from one connection's buffered (pipelined) bytes before it
// lets other ready connections go first.
constexpr int kMaxTurns = 16;
constexpr size_t kReadChunk = 16 * 1024;
// How long a lingering close discards what the client still sends.
constexpr auto kLinger = std::chrono::seconds(2);

// The engine whose worker the calling thread is, and whether it was handed off (retires
// after its current request).
thread_local ConnectionEngine* tls_engine = nullptr;
thread_local bool tls_retiring = false;

const char* reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

std::string head_error_message(HeadStatus st, const HeadLimits& limits) {
  switch (st) {
    case HeadStatus::kTooLarge:
      return "Request head is larger than " + std::to_string(limits.max_head_bytes) +
             " bytes (--max-header-bytes)";
    case HeadStatus::kTooManyHeaders:
      return "Request has more than " + std::to_string(limits.max_headers) +
             " header fields (--max-headers)";
    case HeadStatus::kLineTooLong:
      return "A request header line is longer than " + std::to_string(limits.max_line_bytes) +
             " bytes";
    default:
      return "Malformed request head";
  }
}

}  // namespace

std::string seconds_text(std::chrono::milliseconds ms) {
  std::string s = std::to_string(ms.count() / 1000);
  if (auto frac = ms.count() % 1000) {
    std::string f = std::to_string(1000 + frac).substr(1);
    while (f.back() == '0') f.pop_back();
    s += "." + f;
  }
  return s + " s";
}

std::string engine_error_response(int status, const std::string& message) {
  std::string body = error_body(status, message).dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  out += "Connection: close\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Content-Type: application/json\r\n\r\n";
  out += body;
  return out;
}

ConnectionEngine::ConnectionEngine(ConnectionLimits limits, int threads, ServeFn serve)
    : limits_(limits), threads_(threads < 1 ? 1 : threads), serve_(std::move(serve)) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error("cannot create epoll/eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;  // level-triggered and never read: once written, every worker sees it
  ev.data.u64 = kWakeTag;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  size_t n = limits_.max_connections < 1 ? 1 : limits_.max_connections;
  slots_.reserve(n);
  free_.reserve(n);
  for (size_t i = 0; i < n; ++i) slots_.push_back(std::make_unique<Slot>());
  for (size_t i = n; i > 0; --i) free_.push_back(static_cast<uint32_t>(i - 1));
}

ConnectionEngine::~ConnectionEngine() {
  stop();
  join();
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

void ConnectionEngine::start() {
  if (started_) return;
  started_ = true;
  {
    std::lock_guard lock(workers_mutex_);
    for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { worker(); });
  }
  timer_ = std::thread([this] { timer(); });
}

void ConnectionEngine::stop() {
  stopping_ = true;
  uint64_t one = 1;
  ssize_t w = ::write(wake_fd_, &one, sizeof(one));
  (void)w;
  {
    std::lock_guard lock(ready_mutex_);
    ready_cv_.notify_all();
  }
  {
    std::lock_guard lock(timer_mutex_);
    timer_cv_.notify_all();
  }
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& s = *slots_[i];
    bool closed = false;
    {
      std::lock_guard lock(s.mutex);
      if (s.state == Slot::State::kParked) {
        close_locked(s);
        closed = true;
      }
    }
    if (closed) release(i);
  }
}

bool ConnectionEngine::hand_off_current_worker() {
  ConnectionEngine* engine = tls_engine;
  if (engine == nullptr || tls_retiring || !engine->add_worker()) return false;
  tls_retiring = true;
  return true;
}

bool ConnectionEngine::add_worker() {
  std::lock_guard lock(workers_mutex_);
  if (stopping_) return false;
  for (std::thread::id id : retired_) {
    for (auto it = workers_.begin(); it != workers_.end(); ++it) {
      if (it->get_id() != id) continue;
      it->join();  // it has left worker() already or is about to
      workers_.erase(it);
      break;
    }
  }
  retired_.clear();
  workers_.emplace_back([this] { worker(); });
  return true;
}

void ConnectionEngine::join() {
  // Workers added by a hand-off while joining are joined in the next round.
  while (true) {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(workers_mutex_);
      threads.swap(workers_);
      retired_.clear();
    }
    if (threads.empty()) break;
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
  if (timer_.joinable()) timer_.join();
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& s = *slots_[i];
    bool closed = false;
    {
      std::lock_guard lock(s.mutex);
      if (s.state != Slot::State::kFree) {
        close_locked(s);
        closed = true;
      }
    }
    if (closed) release(i);
  }
}

ConnectionStats ConnectionEngine::stats() const {
  ConnectionStats st;
  {
    std::lock_guard lock(free_mutex_);
    st.open = slots_.size() - free_.size();
  }
  st.busy = busy_;
  st.accepted = accepted_;
  st.evicted = evicted_;
  st.timed_out = timed_out_;
  st.refused = refused_;
  return st;
}

void ConnectionEngine::adopt(int fd) {
  if (stopping_) {
    ::close(fd);
    return;
  }
  ++accepted_;
  int64_t index = -1;
  {
    std::lock_guard lock(free_mutex_);
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    }
  }
  if (index < 0) index = evict();
  if (index < 0) {
    ++refused_;
    std::string bytes = engine_error_response(
        503, "Too many connections: the limit is " + std::to_string(slots_.size()) +
                 " (--max-connections)");
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)n;
    ::close(fd);
    return;
  }
  auto i = static_cast<uint32_t>(index);
  Slot& s = *slots_[i];
  bool closed = false;
  {
    std::lock_guard lock(s.mutex);
    s.conn.open(fd, &limits_, &stopping_);
    s.state = Slot::State::kParked;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.u64 = tag(i, s.generation);
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0 || stopping_) {
      close_locked(s);
      closed = true;
    }
  }
  if (closed) release(i);
}

int64_t ConnectionEngine::evict() {
  int64_t best = -1;
  bool best_partial = true;
  SteadyClock::time_point best_since = SteadyClock::time_point::max();
  uint32_t best_generation = 0;
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& s = *slots_[i];
    std::lock_guard lock(s.mutex);
    if (s.state != Slot::State::kParked) continue;
    bool partial = s.conn.has_pending();
    SteadyClock::time_point since = partial ? s.conn.head_started() : s.conn.idle_since();
    // Idle keep-alive connections go first, then partial heads; the oldest of each first.
    if (best < 0 || (best_partial && !partial) || (partial == best_partial && since < best_since)) {
      best = i;
      best_partial = partial;
      best_since = since;
      best_generation = s.generation;
    }
  }
  if (best < 0) return -1;
  Slot& s = *slots_[static_cast<size_t>(best)];
  std::lock_guard lock(s.mutex);
  if (s.state != Slot::State::kParked || s.generation != best_generation) return -1;
  close_locked(s);
  ++evicted_;
  return best;
}

void ConnectionEngine::close_locked(Slot& s) {
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, s.conn.fd(), nullptr);
  s.conn.close();
  ++s.generation;
  s.state = Slot::State::kFree;
}

void ConnectionEngine::release(uint32_t index) {
  std::lock_guard lock(free_mutex_);
  free_.push_back(index);
}

void ConnectionEngine::close_busy(uint32_t index) {
  Slot& s = *slots_[index];
  {
    std::lock_guard lock(s.mutex);
    close_locked(s);
  }
  --busy_;
  release(index);
}

void ConnectionEngine::park(uint32_t index, bool ready) {
  Slot& s = *slots_[index];
  {
    std::lock_guard lock(s.mutex);
    if (!stopping_ && ready) {
      // Bytes are buffered already: straight to the back of the ready queue.
      s.state = Slot::State::kParked;
      --busy_;
      std::lock_guard ready_lock(ready_mutex_);
      ready_.push_back(tag(index, s.generation));
      if (sleeping_ > 0) ready_cv_.notify_one();
      return;
    }
    if (!stopping_) {
      s.state = Slot::State::kParked;
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
      ev.data.u64 = tag(index, s.generation);
      if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, s.conn.fd(), &ev) == 0) {
        --busy_;
        return;
      }
    }
    close_locked(s);
  }
  --busy_;
  release(index);
}

// Leader/followers: one idle worker at a time waits in epoll_wait and moves every ready
// connection it gets into ready_ (a FIFO); workers serve ready_ in order and only poll
// again once it is empty. epoll's own ready list is not FIFO under concurrent waiters
// (connections that become ready during another thread's scan jump the queue), which
// starved some keep-alive clients for hundreds of milliseconds.
void ConnectionEngine::worker() {
  tls_engine = this;
  tls_retiring = false;
  std::vector<epoll_event> events(256);
  std::unique_lock lock(ready_mutex_);
  while (!stopping_) {
    if (!ready_.empty()) {
      uint64_t t = ready_.front();
      ready_.pop_front();
      // Keep a poller (or another server) going while this one serves.
      if (!polling_ && sleeping_ > 0) ready_cv_.notify_one();
      lock.unlock();
      handle(t);
      if (tls_retiring) {  // handed off: its replacement serves from here on
        tls_engine = nullptr;
        std::lock_guard workers_lock(workers_mutex_);
        retired_.push_back(std::this_thread::get_id());
        return;
      }
      lock.lock();
      continue;
    }
    if (polling_) {
      ++sleeping_;
      ready_cv_.wait(lock);
      --sleeping_;
      continue;
    }
    polling_ = true;
    lock.unlock();
    int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
    lock.lock();
    polling_ = false;
    for (int i = 0; i < n; ++i)
      if (events[static_cast<size_t>(i)].data.u64 != kWakeTag)
        ready_.push_back(events[static_cast<size_t>(i)].data.u64);
    // One more than the extra connections: a follower must take over polling.
    for (size_t i = 1; i < ready_.size() + 1 && i <= sleeping_; ++i) ready_cv_.notify_one();
  }
  ready_cv_.notify_all();
}

void ConnectionEngine::handle(uint64_t t) {
  auto index = static_cast<uint32_t>(t >> 32);
  auto generation = static_cast<uint32_t>(t & 0xffffffffu);
  if (index >= slots_.size()) return;
  Slot& s = *slots_[index];
  {
    std::lock_guard lock(s.mutex);
    if (s.generation != generation || s.state != Slot::State::kParked) return;
    s.state = Slot::State::kBusy;
    ++busy_;
  }
  serve(index);
}

void ConnectionEngine::linger(uint32_t index) {
  Connection& c = slots_[index]->conn;
  c.start_linger(kLinger);
  if (c.drain() == Connection::Fill::kClosed)
    close_busy(index);
  else
    park(index, false);
}

void ConnectionEngine::serve(uint32_t index) {
  Connection& c = slots_[index]->conn;
  if (c.lingering()) {
    if (c.drain() == Connection::Fill::kClosed)
      close_busy(index);
    else
      park(index, false);
    return;
  }
  const size_t cap = limits_.head.max_head_bytes + limits_.prebuffer_body_bytes + kReadChunk;
  for (int turn = 0;; ++turn) {
    Connection::Fill last = Connection::Fill::kData;
    while (!c.request_ready()) {
      size_t have = c.pending().size();
      last = c.fill(cap > have ? cap - have : 0);
      if (last != Connection::Fill::kData) break;
    }
    if (!c.request_ready()) {
      if (last == Connection::Fill::kClosed || stopping_)
        close_busy(index);
      else
        park(index, false);
      return;
    }
    HeadStatus st = c.scanner().status();
    if (st != HeadStatus::kComplete) {
      c.send_now(engine_error_response(431, head_error_message(st, c.scanner().limits())));
      linger(index);
      return;
    }
    if (turn >= kMaxTurns) {
      park(index, true);
      return;
    }
    bool close = stopping_ || c.requests() + 1 >= limits_.keep_alive_max_count || c.peer_closed();
    bool closed = false;
    bool ok = false;
    c.begin_request();
    set_current_connection(&c);
    ConnectionStream strm(c);
    try {
      ok = serve_(strm, close, closed);
    } catch (...) {
      ok = false;
    }
    set_current_connection(nullptr);
    ok = c.flush() && ok;
    bool keep = c.end_request() && ok && !closed && !close && !stopping_;
    if (!keep) {
      // Answered before the client finished sending: linger so it reads the answer.
      if (c.closing() && !c.failed() && !c.peer_closed() && !stopping_)
        linger(index);
      else
        close_busy(index);
      return;
    }
    if (!c.has_pending()) {
      park(index, false);
      return;
    }
  }
}

void ConnectionEngine::timer() {
  while (!stopping_) {
    {
      std::unique_lock lock(timer_mutex_);
      timer_cv_.wait_for(lock, kTimerInterval, [this] { return stopping_.load(); });
    }
    if (stopping_) break;
    if (tick_) tick_();
    auto now = SteadyClock::now();
    for (uint32_t i = 0; i < slots_.size(); ++i) {
      Slot& s = *slots_[i];
      bool closed = false;
      {
        std::lock_guard lock(s.mutex);
        if (s.state != Slot::State::kParked || now < s.conn.park_deadline()) continue;
        if (s.conn.has_pending() && !s.conn.lingering()) {
          std::string message =
              s.conn.scanner().status() == HeadStatus::kComplete
                  ? "Request body not received in time (--body-timeout, --min-body-rate)"
                  : "Request head not received within " +
                        seconds_text(limits_.header_timeout) + " (--header-timeout)";
          s.conn.send_now(engine_error_response(408, message));
        }
        if (!s.conn.lingering()) ++timed_out_;
        close_locked(s);
        closed = true;
      }
      if (closed) release(i);
    }
  }
}

}  // namespace bolna
