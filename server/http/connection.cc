#include "http/connection.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "http/api_error.h"

namespace bolna {

namespace {

constexpr size_t kReadChunk = 16 * 1024;
// Response bytes gathered before they are sent; a larger write goes out at once (with
// what is gathered, in one writev) instead of being copied.
constexpr size_t kWriteGather = 64 * 1024;
// Buffers larger than this are released between requests.
constexpr size_t kKeepCapacity = 32 * 1024;
constexpr auto kWaitSlice = std::chrono::milliseconds(100);

thread_local Connection* tls_current = nullptr;

void address_of(int fd, bool peer, std::string* ip, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                : getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  if (addr.ss_family == AF_INET)
    *port = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  else if (addr.ss_family == AF_INET6)
    *port = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  else
    return;
  std::array<char, NI_MAXHOST> host{};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host.data(),
                  static_cast<socklen_t>(host.size()), nullptr, 0, NI_NUMERICHOST) == 0)
    *ip = host.data();
}

void release_if_large(std::string& s) {
  if (s.capacity() > kKeepCapacity) {
    std::string fresh;
    fresh.reserve(std::min(s.size(), kKeepCapacity));
    fresh.assign(s);
    s.swap(fresh);
  }
}

}  // namespace

Connection* current_connection() { return tls_current; }
void set_current_connection(Connection* c) { tls_current = c; }

void Connection::open(int fd, const ConnectionLimits* limits, const std::atomic<bool>* stopping) {
  fd_ = fd;
  limits_ = limits;
  stopping_ = stopping;
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  remote_ip_.clear();
  local_ip_.clear();
  remote_port_ = local_port_ = -1;
  address_of(fd, true, &remote_ip_, &remote_port_);
  address_of(fd, false, &local_ip_, &local_port_);
  in_.clear();
  in_pos_ = 0;
  out_.clear();
  scanner_ = HeadScanner(limits->head);
  requests_ = 0;
  idle_since_ = SteadyClock::now();
  head_started_ = idle_since_;
  in_body_ = false;
  body_read_ = 0;
  body_timed_out_ = body_over_cap_ = peer_closed_ = failed_ = close_after_ = false;
  lingering_ = false;
  drained_ = 0;
}

void Connection::start_linger(std::chrono::milliseconds how_long) {
  flush();
  ::shutdown(fd_, SHUT_WR);
  lingering_ = true;
  drained_ = 0;
  linger_until_ = SteadyClock::now() + how_long;
  idle_since_ = SteadyClock::time_point::min();  // first to go when room is needed
  in_.clear();
  in_pos_ = 0;
}

Connection::Fill Connection::drain() {
  char sink[16384];
  while (true) {
    ssize_t n = ::recv(fd_, sink, sizeof(sink), 0);
    if (n > 0) {
      drained_ += static_cast<size_t>(n);
      if (drained_ > (64u << 20)) return Fill::kClosed;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Fill::kWouldBlock;
    return Fill::kClosed;
  }
}

void Connection::close() {
  if (fd_ >= 0) {
    // Send FIN first and drop what the client already sent: closing with unread bytes
    // would make the kernel answer RST, which can destroy a last response in flight.
    ::shutdown(fd_, SHUT_WR);
    char sink[4096];
    for (int i = 0; i < 16 && ::recv(fd_, sink, sizeof(sink), MSG_DONTWAIT) > 0; ++i) {
    }
    ::close(fd_);
  }
  fd_ = -1;
  std::string().swap(in_);
  std::string().swap(out_);
  in_pos_ = 0;
}

Connection::Fill Connection::fill(size_t max_bytes) {
  if (peer_closed_) return Fill::kClosed;
  size_t chunk = std::min(kReadChunk, max_bytes);
  if (chunk == 0) return Fill::kWouldBlock;
  bool was_empty = !has_pending();
  if (in_pos_ > 0 && in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  // Into a stack buffer, then appended: growing in_ by a chunk first would zero 16 KiB
  // per read (a memset that was 4% of a GET's profile).
  char buf[kReadChunk];
  while (true) {
    ssize_t n = ::recv(fd_, buf, chunk, 0);
    if (n > 0) {
      in_.append(buf, static_cast<size_t>(n));
      last_fill_ = SteadyClock::now();
      if (was_empty) head_started_ = last_fill_;
      return Fill::kData;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Fill::kWouldBlock;
    peer_closed_ = true;
    return Fill::kClosed;
  }
}

bool Connection::request_ready() {
  if (!has_pending()) return false;
  HeadStatus st = scanner_.scan(pending());
  if (st == HeadStatus::kIncomplete) return false;
  if (st != HeadStatus::kComplete) return true;  // a limit error: the engine answers it
  if (scanner_.chunked() || scanner_.expect_continue()) return true;
  auto length = scanner_.content_length();
  if (!length || *length == 0 || *length > limits_->prebuffer_body_bytes) return true;
  return pending().size() >= scanner_.head_bytes() + *length;
}

SteadyClock::time_point Connection::park_deadline() const {
  if (lingering_) return linger_until_;
  if (!has_pending()) return idle_since_ + limits_->keep_alive_timeout;
  SteadyClock::time_point head = head_started_ + limits_->header_timeout;
  if (scanner_.status() != HeadStatus::kComplete) return head;
  // A complete head waiting for its pre-buffered body: the body's deadline (from the
  // request's first byte), with the body bytes already in earning time at the minimum rate.
  if (limits_->min_body_rate == 0) return last_fill_ + limits_->read_timeout;
  size_t have = pending().size() - std::min(pending().size(), scanner_.head_bytes());
  auto earned = std::chrono::milliseconds(static_cast<int64_t>(have * 1000 / limits_->min_body_rate));
  return head_started_ + limits_->body_timeout + earned;
}

void Connection::begin_request() {
  in_body_ = false;
  body_cap_ = std::numeric_limits<size_t>::max();
  body_read_ = 0;
  body_timed_out_ = body_over_cap_ = close_after_ = false;
  streaming_ = false;
  consumed_ = 0;
}

bool Connection::end_request() {
  ++requests_;
  // A request whose Content-Length body was not read to the end leaves bytes that are
  // not a request: the connection cannot go on.
  if (scanner_.status() == HeadStatus::kComplete && !scanner_.chunked()) {
    uint64_t expected = scanner_.head_bytes() + scanner_.content_length().value_or(0);
    if (consumed_ < expected) close_after_ = true;
  }
  if (in_pos_ > 0) {
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
  scanner_.reset();
  in_body_ = false;
  SteadyClock::time_point now = SteadyClock::now();
  idle_since_ = now;
  head_started_ = now;  // of the next (pipelined) head, if bytes are pending
  release_if_large(in_);
  release_if_large(out_);
  return !failed_ && !close_after_;
}

bool Connection::wait(short events, SteadyClock::time_point deadline) {
  while (true) {
    if (stopping_ && stopping_->load(std::memory_order_relaxed)) return false;
    auto now = SteadyClock::now();
    if (now >= deadline) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    int timeout = static_cast<int>(std::min(left, std::chrono::milliseconds(kWaitSlice)).count());
    pollfd p{fd_, events, 0};
    int rc = ::poll(&p, 1, std::max(timeout, 1));
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) return false;
  }
}

SteadyClock::time_point Connection::body_deadline() const {
  auto earned = std::chrono::milliseconds(
      limits_->min_body_rate == 0
          ? 0
          : static_cast<int64_t>(body_read_ * 1000 / limits_->min_body_rate));
  if (limits_->min_body_rate == 0) return SteadyClock::time_point::max();
  return body_started_ + limits_->body_timeout + earned;
}

void Connection::begin_body(size_t cap) {
  in_body_ = true;
  body_cap_ = cap;
  body_read_ = 0;
  body_started_ = SteadyClock::now();
}

ssize_t Connection::read(char* ptr, size_t size) {
  if (failed_ || size == 0) return failed_ ? -1 : 0;
  if (in_body_ && body_read_ >= body_cap_) {
    body_over_cap_ = true;
    return -1;
  }
  if (in_body_) size = std::min(size, body_cap_ - body_read_);
  while (!has_pending()) {
    if (!flush()) return -1;  // e.g. "100 Continue" must reach the client first
    if (peer_closed_) return 0;
    if (size >= kReadChunk) {  // a large read goes straight into the caller's buffer
      ssize_t n = ::recv(fd_, ptr, size, 0);
      if (n > 0) {
        consumed_ += static_cast<size_t>(n);
        if (in_body_) body_read_ += static_cast<size_t>(n);
        return n;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        peer_closed_ = true;
        return n == 0 ? 0 : -1;
      }
    } else {
      Fill f = fill(kReadChunk);
      if (f == Fill::kData) break;
      if (f == Fill::kClosed) return 0;
    }
    auto deadline = SteadyClock::now() + limits_->read_timeout;
    if (in_body_) deadline = std::min(deadline, body_deadline());
    if (!wait(POLLIN, deadline)) {
      if (in_body_) body_timed_out_ = true;
      return -1;
    }
  }
  size_t n = std::min(size, in_.size() - in_pos_);
  std::memcpy(ptr, in_.data() + in_pos_, n);
  in_pos_ += n;
  consumed_ += n;
  if (in_body_) body_read_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t Connection::write(const char* ptr, size_t size) {
  if (failed_) return -1;
  if (streaming_) {
    out_.append(ptr, size);
    return flush() ? static_cast<ssize_t>(size) : -1;
  }
  if (out_.size() + size <= kWriteGather) {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  // Send what is gathered and the new bytes together, without copying the new ones.
  size_t head_sent = 0, body_sent = 0;
  while (head_sent < out_.size() || body_sent < size) {
    iovec iov[2];
    int count = 0;
    if (head_sent < out_.size()) iov[count++] = {out_.data() + head_sent, out_.size() - head_sent};
    if (body_sent < size) iov[count++] = {const_cast<char*>(ptr) + body_sent, size - body_sent};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<size_t>(count);
    ssize_t n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
    if (n > 0) {
      size_t left = static_cast<size_t>(n);
      size_t h = std::min(left, out_.size() - head_sent);
      head_sent += h;
      body_sent += left - h;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
        wait(POLLOUT, SteadyClock::now() + limits_->write_timeout))
      continue;
    failed_ = true;
    return -1;
  }
  out_.clear();
  return static_cast<ssize_t>(size);
}

bool Connection::flush() {
  if (failed_) return false;
  size_t sent = 0;
  while (sent < out_.size()) {
    ssize_t n = ::send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
        wait(POLLOUT, SteadyClock::now() + limits_->write_timeout))
      continue;
    failed_ = true;
    return false;
  }
  out_.clear();
  return true;
}

void Connection::send_now(const std::string& bytes) {
  if (fd_ < 0) return;
  ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  (void)n;
}

// ---------------------------------------------------------------------------------------

BodyReader::BodyReader(Connection& c, const httplib::Request& req) : c_(c) {
  chunked_ = req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
  if (!chunked_ && req.has_header("Content-Length"))
    length_ = std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
  if (!chunked_ && (!length_ || *length_ == 0)) done_ = true;
}

void BodyReader::fail(int status, const std::string& message) {
  c_.close_after_response();
  throw api_error(status, message);
}

bool BodyReader::read_exact(std::string& out, size_t n) {
  size_t start = out.size();
  out.resize(start + n);
  size_t got = 0;
  while (got < n) {
    ssize_t r = c_.read(out.data() + start + got, n - got);
    if (r <= 0) {
      out.resize(start + got);
      return false;
    }
    got += static_cast<size_t>(r);
  }
  return true;
}

bool BodyReader::read_line(std::string& line) {
  line.clear();
  char ch = 0;
  while (line.size() < 4096) {
    if (c_.read(&ch, 1) != 1) return false;
    line.push_back(ch);
    if (ch == '\n') return true;
  }
  return false;
}

void BodyReader::read(std::string& out, size_t limit, const char* flag) {
  if (done_) return;
  const std::string limit_text =
      "the limit is " + std::to_string(limit) + " bytes (" + flag + ")";
  auto broken = [&](uint64_t got, std::optional<uint64_t> want) {
    if (c_.body_timed_out())
      fail(408, "Request body not received in time: " + std::to_string(got) +
                    (want ? " of " + std::to_string(*want) : std::string()) +
                    " bytes arrived (--body-timeout, --min-body-rate)");
    fail(400, "Request body ended after " + std::to_string(got) +
                  (want ? " of " + std::to_string(*want) : std::string()) + " bytes");
  };
  if (!chunked_) {
    if (*length_ > limit)
      fail(413, "Request body is " + std::to_string(*length_) + " bytes; " + limit_text);
    out.clear();
    c_.begin_body(std::numeric_limits<size_t>::max());
    if (!read_exact(out, static_cast<size_t>(*length_))) broken(out.size(), length_);
    done_ = true;
    return;
  }
  out.clear();
  c_.begin_body(std::numeric_limits<size_t>::max());
  std::string line;
  while (true) {
    if (!read_line(line)) broken(out.size(), std::nullopt);
    char* end = nullptr;
    unsigned long long size = std::strtoull(line.c_str(), &end, 16);
    if (end == line.c_str() || (*end != '\r' && *end != '\n' && *end != ';' && *end != ' '))
      fail(400, "Malformed chunked request body: bad chunk size line");
    if (size == 0) break;
    if (size > limit || out.size() + size > limit)
      fail(413, "Request body is more than " + std::to_string(limit) + " bytes; " + limit_text);
    if (!read_exact(out, static_cast<size_t>(size))) broken(out.size(), std::nullopt);
    if (!read_line(line)) broken(out.size(), std::nullopt);
    if (line != "\r\n" && line != "\n") fail(400, "Malformed chunked request body: no CRLF after a chunk");
  }
  // Trailer fields up to the blank line.
  while (true) {
    if (!read_line(line)) broken(out.size(), std::nullopt);
    if (line == "\r\n" || line == "\n") break;
  }
  done_ = true;
}

}  // namespace bolna
