// doctest entry point for the integration tests: quiets the server's request log.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <spdlog/spdlog.h>

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  doctest::Context context(argc, argv);
  return context.run();
}
