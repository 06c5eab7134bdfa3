#include "app/healthcheck.h"

#include <httplib.h>

#include <cstdio>

namespace bolna {

std::string probe_host(const std::string& listen_host) {
  if (listen_host.empty() || listen_host == "0.0.0.0") return "127.0.0.1";
  if (listen_host == "::" || listen_host == "[::]") return "::1";
  if (listen_host.size() > 2 && listen_host.front() == '[' && listen_host.back() == ']')
    return listen_host.substr(1, listen_host.size() - 2);
  return listen_host;
}

int run_healthcheck(const Config& config) {
  if (config.port <= 0) {
    std::fprintf(stderr,
                 "healthcheck: no port to probe (port %d); set --port or "
                 "BOLNA_EMULATOR_PORT to the port the emulator listens on\n",
                 config.port);
    return 1;
  }
  std::string host = probe_host(config.host);
  httplib::Client client(host, config.port);
  client.set_connection_timeout(2);
  client.set_read_timeout(2);
  client.set_write_timeout(2);
  auto result = client.Get("/__emulator/ready");
  std::string where = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                      std::to_string(config.port);
  if (!result) {
    std::fprintf(stderr, "healthcheck: http://%s/__emulator/ready: %s\n", where.c_str(),
                 httplib::to_string(result.error()).c_str());
    return 1;
  }
  if (result->status != 200) {
    std::fprintf(stderr, "healthcheck: http://%s/__emulator/ready answered %d\n", where.c_str(),
                 result->status);
    return 1;
  }
  std::printf("ready\n");
  return 0;
}

}  // namespace bolna
