// ScenarioWatcher: --watch. Polls the startup scenario file every 500 ms (wall time) on
// the App's io_context and, when its content changes, reloads it: a valid file replaces
// the startup scenario (TenantRegistry::set_startup_scenario: new tenants and tenants
// without their own scenario); an invalid one is logged and the old scenario stays.
// Created and destroyed by App; all work runs on the io_context's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <string>

#include "tenant/tenant_registry.h"

namespace bolna {

class ScenarioWatcher {
 public:
  // Starts polling `file`, whose current content is the one already loaded.
  ScenarioWatcher(boost::asio::io_context& io, TenantRegistry& tenants, std::string file);

 private:
  void arm();
  void poll();

  boost::asio::steady_timer timer_;
  TenantRegistry& tenants_;
  std::string file_;
  std::string last_content_;  // what the last load attempt read (io thread only)
};

}  // namespace bolna
