// Connection: one accepted client socket as the connection engine (http/connection_engine.h)
// keeps it between requests: the bytes read but not yet consumed (so pipelined requests
// survive from one request to the next), the response bytes not yet sent (a response goes
// out in as few send() calls as possible: no Nagle/delayed-ACK stall), the deadlines, and
// the per-request body accounting. ConnectionStream is the httplib::Stream cpp-httplib
// parses a request from and writes its response to. BodyReader reads a request body for the
// dispatcher with a limit applied while reading.
//
// Threading: a Connection is used by one worker thread at a time (the engine hands it
// over under its slot's lock). current_connection() is the connection of the request the
// calling thread is serving (null outside the engine, e.g. in unit tests).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "http/connection_limits.h"
#include "http/request_head.h"

namespace bolna {

using SteadyClock = std::chrono::steady_clock;

class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Takes over `fd` (non-blocking from here on).
  void open(int fd, const ConnectionLimits* limits, const std::atomic<bool>* stopping);
  // Closes the socket (if still open) and forgets every buffer.
  void close();
  int fd() const { return fd_; }

  // --- Between requests (engine) ---
  enum class Fill { kData, kWouldBlock, kClosed };
  // Reads what the socket has without blocking, at most `max_bytes` more than buffered.
  Fill fill(size_t max_bytes);
  // Unconsumed buffered bytes.
  std::string_view pending() const { return std::string_view(in_).substr(in_pos_); }
  bool has_pending() const { return in_pos_ < in_.size(); }
  HeadScanner& scanner() { return scanner_; }
  // True when a whole request is buffered, or at least enough to hand it to a worker
  // (a head whose body is chunked, large or awaited with 100-continue).
  bool request_ready();
  // Starts a request: resets the per-request state. Called before cpp-httplib parses it.
  void begin_request();
  // Ends a request: drops the consumed bytes, shrinks buffers, resets the scanner.
  // Returns false when the connection must close (body left unread, write failed, ...).
  bool end_request();

  // Sends every buffered response byte (waits up to the write timeout). False on failure.
  bool flush();
  // Best effort, never blocks: sends `bytes` now (used for 408/431/503 before closing).
  void send_now(const std::string& bytes);

  // --- During a request (ConnectionStream, BodyReader) ---
  // Reads up to `size` bytes: buffered ones first, then from the socket, waiting (flushing
  // pending output first) until the body deadline, the read timeout or a stop.
  // Returns 0 at end of stream, -1 on timeout, error, stop or the body cap.
  ssize_t read(char* ptr, size_t size);
  // Buffers response bytes (sent by flush(), or earlier when many are pending).
  ssize_t write(const char* ptr, size_t size);
  bool failed() const { return failed_; }
  // From now until the request ends, every write is sent at once (a streamed response).
  void stream_writes() { streaming_ = true; }

  // From here on reads are body reads: counted against `cap` bytes, and bounded by the
  // body deadline (body_timeout + body bytes / min_body_rate from now).
  void begin_body(size_t cap);
  size_t body_bytes_read() const { return body_read_; }
  bool body_timed_out() const { return body_timed_out_; }
  bool body_over_cap() const { return body_over_cap_; }
  bool peer_closed() const { return peer_closed_; }

  // The connection closes after the current response (e.g. a body was left unread).
  void close_after_response() { close_after_ = true; }
  bool closing() const { return close_after_; }

  // Lingering close: after answering a request whose body (or head) was not read to the
  // end, the server half-closes (FIN) and discards what the client still sends for a
  // while, so the client reads the answer instead of a reset.
  void start_linger(std::chrono::milliseconds how_long);
  bool lingering() const { return lingering_; }
  // Discards what the socket has; kClosed at end of stream or after too many bytes.
  Fill drain();

  // Cached at open(); formatted as cpp-httplib does (numeric host).
  const std::string& remote_ip() const { return remote_ip_; }
  int remote_port() const { return remote_port_; }
  const std::string& local_ip() const { return local_ip_; }
  int local_port() const { return local_port_; }

  size_t requests() const { return requests_; }
  // When the connection went idle (last response sent, or accepted).
  SteadyClock::time_point idle_since() const { return idle_since_; }
  // When the first byte of the pending head arrived (valid while has_pending()).
  SteadyClock::time_point head_started() const { return head_started_; }
  // Until when the engine keeps the connection parked: idle -> keep-alive timeout,
  // partial head -> header timeout, partial pre-buffered body -> body deadline.
  SteadyClock::time_point park_deadline() const;

 private:
  bool wait(short events, SteadyClock::time_point deadline);
  SteadyClock::time_point body_deadline() const;

  int fd_ = -1;
  const ConnectionLimits* limits_ = nullptr;
  const std::atomic<bool>* stopping_ = nullptr;
  std::string remote_ip_, local_ip_;
  int remote_port_ = -1, local_port_ = -1;

  std::string in_;
  size_t in_pos_ = 0;
  std::string out_;
  HeadScanner scanner_;

  size_t requests_ = 0;
  uint64_t consumed_ = 0;  // bytes read() handed out during the current request
  SteadyClock::time_point idle_since_{};
  SteadyClock::time_point head_started_{};
  SteadyClock::time_point body_started_{};
  SteadyClock::time_point last_fill_{};  // last time fill() got bytes
  bool in_body_ = false;
  size_t body_cap_ = 0;
  size_t body_read_ = 0;
  bool body_timed_out_ = false;
  bool body_over_cap_ = false;
  bool peer_closed_ = false;
  bool failed_ = false;
  bool streaming_ = false;  // this response is streamed: write() flushes
  bool close_after_ = false;
  bool lingering_ = false;
  size_t drained_ = 0;
  SteadyClock::time_point linger_until_{};
};

// cpp-httplib's view of a Connection for one request.
class ConnectionStream : public httplib::Stream {
 public:
  explicit ConnectionStream(Connection& c) : c_(c) {}
  bool is_readable() const override { return true; }  // read() itself waits
  bool is_writable() const override { return !c_.failed(); }
  ssize_t read(char* ptr, size_t size) override { return c_.read(ptr, size); }
  ssize_t write(const char* ptr, size_t size) override { return c_.write(ptr, size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.remote_ip();
    port = c_.remote_port();
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local_ip();
    port = c_.local_port();
  }
  socket_t socket() const override { return c_.fd(); }

 private:
  Connection& c_;
};

// The connection whose request this thread is serving, or null.
Connection* current_connection();
// Sets it for the current thread (the engine, around each request).
void set_current_connection(Connection* c);

// Reads the body of the current request as its headers frame it (Content-Length,
// chunked, or none: empty). Used by the dispatcher instead of cpp-httplib's reader so
// the route's limit applies while reading and an over-limit Content-Length is refused at
// once. Failures throw ApiError (413 over the limit, 408 too slow, 400 malformed) and
// make the connection close after the response.
class BodyReader {
 public:
  BodyReader(Connection& c, const httplib::Request& req);

  // Reads the whole body into `out` unless it exceeds `limit` bytes; `flag` names the
  // option of the limit in the 413 message. Idempotent after success.
  void read(std::string& out, size_t limit, const char* flag);
  bool done() const { return done_; }
  // Declared Content-Length, when the body is not chunked.
  std::optional<uint64_t> content_length() const { return length_; }

 private:
  bool read_exact(std::string& out, size_t n);
  bool read_line(std::string& line);
  [[noreturn]] void fail(int status, const std::string& message);

  Connection& c_;
  bool chunked_ = false;
  std::optional<uint64_t> length_;
  bool done_ = false;
};

}  // namespace bolna
