// Control API for scenarios: read the tenant's scenario, load one (a JSON body or a
// file under --scenarios-dir by name), go back to the startup scenario, list the files.
// With ?all=true and the admin token, PUT replaces the startup scenario of every tenant.
#include <algorithm>
#include <filesystem>

#include "common/config.h"
#include "tenant/tenant_registry.h"
#include "handler/tenant_of.h"
#include "control/routes/routes.h"
#include "scenarios/scenario_loader.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/tenant.h"

namespace bolna {

namespace {

Json scenario_reply(const Scenario& s, const char* scope) {
  Json out = scenario_to_json(s);
  out["scope"] = scope;
  return out;
}

ApiError invalid_scenario(const std::string& file, const std::string& path,
                          const std::string& problem) {
  std::string message = (file.empty() ? "" : file + ": ") + path + ": " + problem;
  Json body = error_body(400, message);
  if (!file.empty()) body["file"] = file;
  body["path"] = path;
  body["problem"] = problem;
  return ApiError(400, body, message);
}

// The scenario a PUT body describes: {"file": "<name>"} or a scenario object.
std::shared_ptr<const Scenario> scenario_from_body(const Json& body, const Config& config) {
  if (body.contains("file")) {
    if (body.size() != 1)
      throw bad_request("Send either {\"file\": \"<name>\"} or a scenario object, not both");
    if (!body["file"].is_string()) throw bad_request("file must be a string");
    std::string error;
    std::string file =
        scenario_file_in(config.scenarios_dir, body["file"].get<std::string>(), &error);
    if (file.empty()) throw bad_request(error);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
      throw api_error(404, "Scenario file '" + body["file"].get<std::string>() + "' not found in " +
                               config.scenarios_dir);
    try {
      return load_scenario_file(file);
    } catch (const ScenarioFileError& e) {
      throw invalid_scenario(e.file(), e.path(), e.problem());
    }
  }
  try {
    return parse_scenario(body, "custom", "request body");
  } catch (const ScenarioError& e) {
    throw invalid_scenario("", e.path(), e.problem());
  }
}

void put_scenario(RequestContext& ctx, Services& services) {
  bool all = ctx.query("all").value_or("") == "true";
  if (all && !ctx.admin)
    throw api_error(403, services.config.admin_token.empty()
                             ? "Changing every tenant's scenario needs --admin-token to be set "
                               "and sent in the X-Emulator-Admin-Token header"
                             : "Changing every tenant's scenario needs the "
                               "X-Emulator-Admin-Token header");
  if (!all && !ctx.account) throw api_error(401, "Access denied");
  auto scenario = scenario_from_body(ctx.json_object(), services.config);
  if (all) {
    services.tenants.set_startup_scenario(scenario);
    ctx.reply(200, scenario_reply(*scenario, "startup"));
    return;
  }
  std::lock_guard lock(tenant_of(ctx).mutex);
  tenant_of(ctx).use_scenario(scenario);
  ctx.reply(200, scenario_reply(*scenario, "tenant"));
}

void get_scenario(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  ctx.reply(200, scenario_reply(*t.scenario, t.has_own_scenario() ? "tenant" : "startup"));
}

void delete_scenario(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  t.use_startup_scenario();
  ctx.reply(200, scenario_reply(*t.scenario, "startup"));
}

// Every *.json file of the scenarios directory, sorted, with its name and description
// or the reason it is invalid.
void list_scenarios(RequestContext& ctx, Services& services) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(services.config.scenarios_dir, ec), end; !ec && it != end;
       it.increment(ec))
    if (it->path().extension() == ".json") files.push_back(it->path().filename().string());
  std::sort(files.begin(), files.end());
  Json list = Json::array();
  for (const auto& file : files) {
    Json item = {{"file", file}};
    try {
      auto s = load_scenario_file(services.config.scenarios_dir + "/" + file);
      item["name"] = s->name;
      item["description"] = s->description;
    } catch (const ScenarioFileError& e) {
      item["error"] = e.path() + ": " + e.problem();
    }
    list.push_back(item);
  }
  ctx.reply(200, Json{{"directory", services.config.scenarios_dir}, {"scenarios", list}});
}

}  // namespace

void register_scenario_routes(Router& router, Services& services) {
  RouteOptions control = control_route();
  router.add("GET", "/__emulator/scenario", get_scenario, control);
  router.add("DELETE", "/__emulator/scenario", delete_scenario, control);
  RouteOptions unlocked = control;
  unlocked.lock_tenant = false;
  router.add(
      "GET", "/__emulator/scenarios",
      [&services](RequestContext& c) { list_scenarios(c, services); }, unlocked);
  // PUT takes a tenant key or, with ?all=true, the admin token; it parses before locking.
  RouteOptions put = unlocked;
  put.requires_key = false;
  router.add(
      "PUT", "/__emulator/scenario", [&services](RequestContext& c) { put_scenario(c, services); },
      put);
}

}  // namespace bolna
