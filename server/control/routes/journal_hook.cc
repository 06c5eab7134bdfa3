// The request journal hook: after every request of a tenant (control API excluded),
// appends an entry to Tenant::journal.
#include <cctype>
#include <mutex>

#include "handler/tenant_of.h"
#include "control/control_state.h"
#include "control/routes/hooks.h"

namespace bolna {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool request_header_of_interest(const std::string& name) {
  std::string n = lower(name);
  if (n == "x-emulator-admin-token") return false;  // a secret
  return n == "content-type" || n == "user-agent" || n == "idempotency-key" ||
         n.rfind("x-emulator-", 0) == 0;
}

bool response_header_of_interest(const std::string& name) {
  std::string n = lower(name);
  return n == "content-type" || n == "retry-after" || n == "allow" || n == "location" ||
         n.rfind("x-emulator-", 0) == 0;
}

class JournalHook : public RequestHook {
 public:
  void after(const RequestContext& ctx, const Route* route, Micros elapsed) override {
    if (!ctx.account || is_control_path(ctx.req.path)) return;
    JournalEntry e;
    e.method = ctx.req.method;
    e.path = ctx.req.path;
    e.route = route ? route->pattern : "";
    auto q = ctx.req.target.find('?');
    if (q != std::string::npos) e.query = ctx.req.target.substr(q + 1);
    e.status = ctx.res.status < 0 ? 0 : ctx.res.status;
    for (const auto& [name, value] : ctx.req.headers)
      if (request_header_of_interest(name)) e.request_headers.emplace_back(name, value);
    for (const auto& [name, value] : ctx.res.headers) {
      if (response_header_of_interest(name)) e.response_headers.emplace_back(name, value);
      if (lower(name) == "x-emulator-fault") e.fault = value;
    }
    e.request_body = RequestJournal::clip(ctx.req.body);
    e.response_body = RequestJournal::clip(ctx.res.body);
    e.wall_time = wall_now();
    e.duration_ms = static_cast<double>(elapsed.count()) / 1000.0;
    std::shared_ptr<Tenant> t = tenant_ptr(ctx);
    std::lock_guard lock(t->mutex);
    e.virtual_time = t->now();
    t->control().journal.record(std::move(e));
  }
};

}  // namespace

std::shared_ptr<RequestHook> make_journal_hook() { return std::make_shared<JournalHook>(); }

}  // namespace bolna
