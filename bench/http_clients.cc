// http_clients: helpers of bench/http_bench.sh that wrk cannot do.
//
//   http_clients fair  PORT PATH CONNECTIONS SECONDS [KEY]
//       CONNECTIONS keep-alive clients (one thread each) send GET PATH back to back for
//       SECONDS; prints how many answers each client got (min / median / max), errors and
//       the p99 latency, so "every client served repeatedly" can be checked.
//   http_clients ready RUNS BINARY [ARGS...]
//       Starts BINARY ARGS --port P (a free loopback port) RUNS times, each time timing
//       spawn -> first 200 from GET /__emulator/ready (polled every 0.2 ms), then SIGTERM
//       -> exit; prints the median, min and max of both.
//
// Loopback only; every wait is bounded.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

bool send_all(int fd, const std::string& s) {
  size_t sent = 0;
  while (sent < s.size()) {
    ssize_t n = ::send(fd, s.data() + sent, s.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Reads one response with a Content-Length body; returns its status or -1. Sets *closing
// when the server said "Connection: close" (it ends keep-alive connections after
// --keep-alive-max-count requests, as nginx does after keepalive_requests).
int read_response(int fd, std::string& buf, int timeout_ms, bool* closing) {
  *closing = false;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t head_end = std::string::npos;
  size_t need = 0;
  while (true) {
    if (head_end == std::string::npos) {
      head_end = buf.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::string head = buf.substr(0, head_end);
        for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t cl = head.find("content-length:");
        size_t length = cl == std::string::npos ? 0 : std::strtoul(head.c_str() + cl + 15, nullptr, 10);
        need = head_end + 4 + length;
        *closing = head.find("connection: close") != std::string::npos;
      }
    }
    if (head_end != std::string::npos && buf.size() >= need) {
      int status = std::atoi(buf.c_str() + 9);
      buf.erase(0, need);
      return status;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return -1;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return -1;
    char tmp[16384];
    ssize_t n = ::recv(fd, tmp, sizeof(tmp), 0);
    if (n <= 0) return -1;
    buf.append(tmp, static_cast<size_t>(n));
  }
}

int fair(int port, const std::string& path, int connections, double seconds, const std::string& key) {
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!key.empty()) request += "Authorization: Bearer " + key + "\r\n";
  request += "\r\n";
  std::vector<long> counts(static_cast<size_t>(connections), 0);
  std::vector<long> errors(static_cast<size_t>(connections), 0);
  std::vector<std::vector<double>> latencies(static_cast<size_t>(connections));
  std::atomic<bool> go{false};
  auto end_at = Clock::now() + std::chrono::milliseconds(static_cast<long>(seconds * 1000 + 500));
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&, i] {
      auto idx = static_cast<size_t>(i);
      int fd = connect_loopback(port);
      while (!go) std::this_thread::yield();
      auto stop = end_at;
      std::string buf;
      while (Clock::now() < stop) {
        if (fd < 0) {
          fd = connect_loopback(port);
          if (fd < 0) {
            ++errors[idx];
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
          }
        }
        auto t0 = Clock::now();
        bool closing = false;
        int status = send_all(fd, request) ? read_response(fd, buf, 5000, &closing) : -1;
        if (status == 200 && closing) {  // a normal end of keep-alive: reconnect
          ::close(fd);
          fd = -1;
          buf.clear();
        }
        if (status != 200) {
          ++errors[idx];
          ::close(fd);
          fd = -1;
          buf.clear();
          continue;
        }
        latencies[idx].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        ++counts[idx];
      }
      if (fd >= 0) ::close(fd);
    });
  }
  // Every thread connects first; then the clock starts for all of them.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  go = true;
  for (auto& t : threads) t.join();
  std::vector<long> sorted = counts;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> all;
  long total = 0, errs = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    total += counts[i];
    errs += errors[i];
    all.insert(all.end(), latencies[i].begin(), latencies[i].end());
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())))];
  };
  long served = std::count_if(counts.begin(), counts.end(), [](long c) { return c > 0; });
  std::printf("clients %d, served %ld, answers per client min %ld median %ld max %ld, "
              "total %ld (%.0f/s), errors %ld, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              connections, served, sorted.front(), sorted[sorted.size() / 2], sorted.back(), total,
              static_cast<double>(total) / seconds, errs, pct(0.5), pct(0.99), all.empty() ? 0.0 : all.back());
  return 0;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

int ready(int runs, int argc, char** argv) {
  std::vector<double> starts, stops;
  for (int r = 0; r < runs; ++r) {
    int port = free_port();
    std::string port_text = std::to_string(port);
    std::vector<char*> args(argv, argv + argc);
    std::string flag = "--port";
    args.push_back(flag.data());
    args.push_back(port_text.data());
    args.push_back(nullptr);
    auto t0 = Clock::now();
    pid_t pid = fork();
    if (pid == 0) {
      int devnull = ::open("/dev/null", 1);
      dup2(devnull, 1);
      dup2(devnull, 2);
      execv(args[0], args.data());
      _exit(127);
    }
    bool ok = false;
    std::string request = "GET /__emulator/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    while (Clock::now() - t0 < std::chrono::seconds(10)) {
      int fd = connect_loopback(port);
      if (fd >= 0) {
        std::string buf;
        bool closing = false;
        int status = send_all(fd, request) ? read_response(fd, buf, 1000, &closing) : -1;
        ::close(fd);
        if (status == 200) {
          ok = true;
          break;
        }
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    auto t1 = Clock::now();
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    auto t2 = Clock::now();
    if (!ok) {
      std::fprintf(stderr, "run %d: not ready within 10 s\n", r);
      return 1;
    }
    starts.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    stops.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
  }
  std::printf("start to ready: median %.1f ms (min %.1f, max %.1f) over %d runs; "
              "SIGTERM to exit: median %.1f ms (max %.1f)\n",
              median(starts), *std::min_element(starts.begin(), starts.end()),
              *std::max_element(starts.begin(), starts.end()), runs, median(stops),
              *std::max_element(stops.begin(), stops.end()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 6 && std::strcmp(argv[1], "fair") == 0)
    return fair(std::atoi(argv[2]), argv[3], std::atoi(argv[4]), std::atof(argv[5]),
                argc >= 7 ? argv[6] : "");
  if (argc >= 4 && std::strcmp(argv[1], "ready") == 0)
    return ready(std::atoi(argv[2]), argc - 3, argv + 3);
  std::fprintf(stderr,
               "usage: http_clients fair PORT PATH CONNECTIONS SECONDS [KEY]\n"
               "       http_clients ready RUNS BINARY [ARGS...]\n");
  return 2;
}
