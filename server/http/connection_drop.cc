#include "http/connection_drop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "http/connection.h"

namespace bolna {

namespace {

struct Endpoint {
  std::string address;
  int port = -1;
};

bool endpoint_of(const sockaddr_storage& sa, Endpoint* out) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&sa);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof(buf));
    out->port = ntohs(in->sin_port);
  } else if (sa.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof(buf));
    out->port = ntohs(in6->sin6_port);
  } else {
    return false;
  }
  out->address = buf;
  return true;
}

// The connected socket whose local and remote endpoints are the request's; -1 if none.
int find_socket(const httplib::Request& req) {
  std::error_code ec;
  int by_ports = -1, by_ports_count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    sockaddr_storage local{}, remote{};
    socklen_t local_len = sizeof(local), remote_len = sizeof(remote);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_len) != 0) continue;
    Endpoint l, r;
    if (!endpoint_of(local, &l) || !endpoint_of(remote, &r)) continue;
    if (l.port != req.local_port || r.port != req.remote_port) continue;
    if (r.address == req.remote_addr && l.address == req.local_addr) return fd;
    by_ports = fd;
    ++by_ports_count;
  }
  // Address spellings can differ (e.g. IPv4-mapped IPv6); a unique port pair suffices.
  return by_ports_count == 1 ? by_ports : -1;
}

}  // namespace

void prepare_drop(httplib::Response& res) {
  res.status = 0;
  res.set_content_provider(1, "application/octet-stream",
                           [](size_t, size_t, httplib::DataSink&) { return false; });
}

bool shutdown_connection(const httplib::Request& req) {
  if (Connection* c = current_connection(); c && c->fd() >= 0) {
    c->close_after_response();
    return ::shutdown(c->fd(), SHUT_RDWR) == 0;
  }
  int fd = find_socket(req);
  if (fd < 0) return false;
  return ::shutdown(fd, SHUT_RDWR) == 0;
}

}  // namespace bolna
