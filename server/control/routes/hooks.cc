#include "control/routes/hooks.h"

#include "common/config.h"
#include "handler/services.h"

namespace bolna {

bool is_control_path(const std::string& path) {
  return path == "/__emulator" || path.rfind("/__emulator/", 0) == 0;
}

void add_control_hooks(HttpServer& http, Services& services) {
  http.add_hook(make_journal_hook());
  http.add_hook(make_fault_hook(services.config.max_delayed_requests));
  http.add_hook(make_rate_limit_hook());
  http.add_hook(make_metrics_hook(services.metrics));
}

}  // namespace bolna
