// AccessLog: the server's one line per request ("GET /path 200 0.42ms key=bn-dev..."), at
// info level of the default spdlog logger and in its format. When stdout is a terminal
// each line goes through the default logger as it happens (colours and all). Otherwise
// (a file, a pipe, docker logs) lines are formatted the same way into a buffer that is
// written when it holds 32 KiB, on flush() (the connection engine calls it every 100 ms)
// and at shutdown: a request no longer pays a write() and a flush under the console lock.
// Thread-safe.
#pragma once

#include <spdlog/pattern_formatter.h>

#include <mutex>
#include <string>
#include <string_view>

namespace bolna {

class AccessLog {
 public:
  AccessLog();
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // False when info lines are off (--log-level above info): skip formatting altogether.
  bool enabled() const;
  // One request's line; `ms` < 0 prints "-" (errors cpp-httplib raised before dispatch).
  void request(std::string_view method, std::string_view path, int status, double ms,
               std::string_view key);
  // Writes the buffered lines out.
  void flush();

 private:
  void write_out(const std::string& bytes);

  bool buffered_;
  std::mutex mutex_;   // buffer_ and formatter_
  std::mutex write_mutex_;  // keeps chunks in order
  std::string buffer_;
  spdlog::pattern_formatter formatter_;
};

}  // namespace bolna
