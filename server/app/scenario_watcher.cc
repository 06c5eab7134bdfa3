#include "app/scenario_watcher.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "scenarios/scenario_loader.h"

namespace bolna {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(500);

// The file's bytes, or nullopt-like empty flag when unreadable.
bool read_file(const std::string& file, std::string* out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

}  // namespace

ScenarioWatcher::ScenarioWatcher(boost::asio::io_context& io, TenantRegistry& tenants,
                                 std::string file)
    : timer_(io), tenants_(tenants), file_(std::move(file)) {
  read_file(file_, &last_content_);
  arm();
}

void ScenarioWatcher::arm() {
  timer_.expires_after(kPollInterval);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    poll();
    arm();
  });
}

void ScenarioWatcher::poll() {
  std::string content;
  if (!read_file(file_, &content) || content == last_content_) return;
  last_content_ = content;
  try {
    auto scenario = load_scenario_file(file_);
    tenants_.set_startup_scenario(scenario);
    spdlog::info("scenario reloaded from {} ({})", file_, scenario->name);
  } catch (const std::exception& e) {
    spdlog::error("scenario reload refused, keeping the previous one: {}", e.what());
  }
}

}  // namespace bolna
