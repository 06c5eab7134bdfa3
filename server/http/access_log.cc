#include "http/access_log.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace bolna {

namespace {
constexpr size_t kFlushBytes = 32 * 1024;
}  // namespace

AccessLog::AccessLog() : buffered_(!::isatty(STDOUT_FILENO)) {}

AccessLog::~AccessLog() { flush(); }

bool AccessLog::enabled() const {
  return spdlog::default_logger_raw()->should_log(spdlog::level::info);
}

void AccessLog::request(std::string_view method, std::string_view path, int status, double ms,
                        std::string_view key) {
  if (!enabled()) return;
  spdlog::memory_buf_t payload;
  if (ms < 0)
    fmt::format_to(std::back_inserter(payload), "{} {} {} - key={}", method, path, status, key);
  else
    fmt::format_to(std::back_inserter(payload), "{} {} {} {:.2f}ms key={}", method, path,
                   status, ms, key);
  if (!buffered_) {
    spdlog::info("{}", std::string_view(payload.data(), payload.size()));
    return;
  }
  std::string out;
  {
    std::lock_guard lock(mutex_);
    // The default logger's line: same pattern, same (empty) logger name, same time source.
    spdlog::details::log_msg msg(spdlog::string_view_t(), spdlog::level::info,
                                 spdlog::string_view_t(payload.data(), payload.size()));
    spdlog::memory_buf_t line;
    formatter_.format(msg, line);
    buffer_.append(line.data(), line.size());
    if (buffer_.size() < kFlushBytes) return;
    out.swap(buffer_);
  }
  write_out(out);
}

void AccessLog::flush() {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    out.swap(buffer_);
  }
  if (!out.empty()) write_out(out);
}

void AccessLog::write_out(const std::string& bytes) {
  std::lock_guard lock(write_mutex_);
  // Lines of the default logger go through stdio; empty its buffer first so the order
  // between the two stays right.
  std::fflush(stdout);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return;
    }
  }
}

}  // namespace bolna
