// bolna-emulator: parses options, starts the emulator, serves until SIGINT/SIGTERM;
// `bolna-emulator ctl ...` runs the control CLI instead.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstring>
#include <exception>

#include "app/app.h"
#include "app/healthcheck.h"
#include "app/memory_trimmer.h"
#include "app/options.h"
#include "ctl/ctl_main.h"

int main(int argc, char** argv) {
  // `bolna-emulator ctl VERB ...`: the control CLI (server/ctl/), not the server.
  if (argc > 1 && std::strcmp(argv[1], "ctl") == 0) return bolna::ctl::run_ctl(argc - 1, argv + 1);
  bolna::Config config;
  int exit_code = bolna::parse_options(argc, argv, &config);
  if (exit_code >= 0) return exit_code;
  if (config.healthcheck) return bolna::run_healthcheck(config);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  // Before any thread exists: arenas are taken by threads as they first allocate.
  bolna::limit_malloc_arenas(config.malloc_arena_max);
  try {
    bolna::App app(config);
    app.handle_signals();
    int port = app.bind();
    std::string host = config.host.find(':') != std::string::npos ? "[" + config.host + "]"
                                                                   : config.host;
    std::printf("listening on http://%s:%d\n", host.c_str(), port);
    std::fflush(stdout);
    app.run();
    spdlog::info("stopped");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bolna-emulator: %s\n", e.what());
    return 1;
  }
  return 0;
}
