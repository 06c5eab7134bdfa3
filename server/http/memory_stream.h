// MemoryStream: an httplib::Stream over memory instead of a socket, for serving a request
// in process (HttpServer::serve_in_process): cpp-httplib reads the request from `input`
// and appends its response to output(). Reads return 0 (end of stream) once the input is
// used up. socket() is INVALID_SOCKET; the addresses are loopback with port 0, which no
// connected socket has (so http/connection_drop.h finds none). One request, one thread.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace bolna {

class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string_view input) : input_(input) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, input_.size() - pos_);
    if (n > 0) std::memcpy(ptr, input_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    output_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 0;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 0;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  const std::string& output() const { return output_; }
  std::string take_output() { return std::move(output_); }

 private:
  std::string_view input_;
  size_t pos_ = 0;
  std::string output_;
};

}  // namespace bolna
