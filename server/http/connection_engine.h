// ConnectionEngine: runs every accepted connection of the HTTP server on a fixed set of
// worker threads without tying a thread to a connection. cpp-httplib still accepts (and
// parses and writes each request); the engine decides when a connection is worth a thread:
//
//  * A connection waits in one epoll set (EPOLLONESHOT) while it is idle or while its
//    request head (and a small body) trickles in; waiting costs no thread. A worker takes
//    it when bytes arrive, reads what is there without blocking, and serves the request
//    only once it is complete. Ready connections are served in the order they became
//    ready (a FIFO filled by whichever idle worker polls), so many more keep-alive clients
//    than workers are all served in turn.
//  * Deadlines (checked every 100 ms): a partial head gets --header-timeout (then 408 and
//    close), an idle keep-alive connection --keep-alive-timeout (then close).
//  * At --max-connections a new connection evicts the longest-idle parked one (idle
//    keep-alive first, then the oldest partial head); with none to evict it gets a 503.
//  * Heads over the size or field-count limits get a 431 (JSON error shape) and a close.
//  * Pipelined requests are answered in order (bytes past a request stay buffered).
//  * stop() closes every parked connection at once; requests being served finish (waits
//    for body bytes or a slow reader end within 100 ms of the stop).
//  * A request that will hold its worker for long (an event stream, a latency fault) calls
//    hand_off_current_worker(): the engine starts a replacement worker, so --threads
//    workers stay free for every other request, and the calling thread leaves the pool when
//    its request ends. How many such requests run at once is bounded by their callers
//    (--stream-max-subscribers, --max-delayed-requests), and so is the number of threads.
//
// Thread safety: adopt() and stop() from any thread; start()/join() from the owner.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "http/connection.h"

namespace bolna {

class ConnectionEngine {
 public:
  // Serves one request from `strm` (cpp-httplib's Server::process_request); returns false
  // when the connection cannot go on. `close_connection`: answer with Connection: close.
  using ServeFn =
      std::function<bool(httplib::Stream& strm, bool close_connection, bool& connection_closed)>;

  ConnectionEngine(ConnectionLimits limits, int threads, ServeFn serve);
  ~ConnectionEngine();
  ConnectionEngine(const ConnectionEngine&) = delete;
  ConnectionEngine& operator=(const ConnectionEngine&) = delete;

  // Called on the deadline thread every 100 ms (e.g. to flush the access log). Before start().
  void set_tick(std::function<void()> tick) { tick_ = std::move(tick); }
  // Starts the workers and the deadline thread.
  void start();
  // Takes over an accepted socket; never blocks (called on cpp-httplib's accept thread).
  void adopt(int fd);
  // Stops: parked connections are closed now, busy ones after their current request.
  void stop();
  // Waits for the workers to finish (after stop()).
  void join();

  // Called by a request handler running on a worker of an engine, before the request
  // holds its thread for long: starts one more worker (see above); the calling thread
  // retires after its request. At most once per request (later calls are no-ops); a no-op
  // outside an engine worker or once the engine stops. Returns true when handed off.
  static bool hand_off_current_worker();

  ConnectionStats stats() const;
  const ConnectionLimits& limits() const { return limits_; }

 private:
  struct Slot {
    std::mutex mutex;
    uint32_t generation = 0;
    enum class State { kFree, kParked, kBusy } state = State::kFree;
    Connection conn;
  };

  void worker();
  // Starts one worker thread and joins the workers that retired. False once stopping.
  bool add_worker();
  void timer();
  void handle(uint64_t tag);
  void serve(uint32_t index);
  // Parks the busy slot: waits for bytes (or, with `ready`, re-queues at once).
  void park(uint32_t index, bool ready);
  // Half-closes a busy slot and parks it until the client stops sending (or 2 s).
  void linger(uint32_t index);
  // Closes a busy slot and frees it.
  void close_busy(uint32_t index);
  // Closes a slot whose mutex the caller holds (state parked or busy); the caller then
  // calls release(index) after unlocking.
  void close_locked(Slot& s);
  void release(uint32_t index);
  // A parked slot closed to make room, or -1.
  int64_t evict();
  uint64_t tag(uint32_t index, uint32_t generation) const {
    return (static_cast<uint64_t>(index) << 32) | generation;
  }

  const ConnectionLimits limits_;
  const int threads_;
  ServeFn serve_;
  std::function<void()> tick_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  bool started_ = false;

  std::vector<std::unique_ptr<Slot>> slots_;
  mutable std::mutex free_mutex_;
  std::vector<uint32_t> free_;

  // Connections ready to serve, in the order they became ready (see worker()).
  std::mutex ready_mutex_;
  std::condition_variable ready_cv_;
  std::deque<uint64_t> ready_;
  bool polling_ = false;  // a worker waits in epoll_wait
  size_t sleeping_ = 0;   // workers waiting on ready_cv_

  std::mutex workers_mutex_;
  std::vector<std::thread> workers_;             // under workers_mutex_
  std::vector<std::thread::id> retired_;         // exited after a hand-off, not yet joined
  std::thread timer_;
  std::mutex timer_mutex_;
  std::condition_variable timer_cv_;

  std::atomic<size_t> busy_{0};
  std::atomic<uint64_t> accepted_{0}, evicted_{0}, timed_out_{0}, refused_{0};
};

// The raw bytes of a JSON error response that the engine writes itself (431, 408, 503),
// with Connection: close.
std::string engine_error_response(int status, const std::string& message);
// "10 s", "0.5 s": a duration for messages.
std::string seconds_text(std::chrono::milliseconds ms);

}  // namespace bolna
