// Router: the table of every route the emulator serves, matched by method and path
// pattern ("/v2/agent/{agent_id}"). It tells a matched route from an unknown path (404)
// and from a known path with the wrong method (405). Build it once at start-up; after
// that it is read-only and safe to match from any thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace bolna {

class RequestContext;
using Handler = std::function<void(RequestContext&)>;

// How the dispatcher treats a route before calling its handler.
struct RouteOptions {
  bool requires_key = true;  // needs "Authorization: Bearer <key>" (a tenant)
  bool lock_tenant = true;   // hold the tenant's mutex while the handler runs
  bool control = false;      // part of the control API (/__emulator), not the real API
  bool multipart = false;    // takes multipart bodies (upload size limit applies)
};

// Options of a tenant-scoped control-API route (/__emulator/...): needs a key, locks the
// tenant, not subject to read-only keys.
inline RouteOptions control_route() {
  RouteOptions o;
  o.control = true;
  return o;
}

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;  // pattern split on '/'
  int literal_segments = 0;
  Handler handler;
  RouteOptions options;
};

using PathParams = std::map<std::string, std::string>;

struct RouteMatch {
  const Route* route = nullptr;      // set when method and path matched
  PathParams params;
  bool path_known = false;           // some route has this path (for 405)
  std::vector<std::string> allowed;  // methods that would match the path
};

class Router {
 public:
  // Registers a route. A pattern segment "{name}" matches one non-empty path segment.
  void add(const std::string& method, const std::string& pattern, Handler handler,
           RouteOptions options = {});

  // Finds the route for method+path. Among several matches the one with literal
  // segments leftmost wins ("/v2/agent/all" beats "/v2/agent/{agent_id}").
  RouteMatch match(const std::string& method, const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a","b","c"}; keeps an empty last segment for a trailing "/".
std::vector<std::string> split_path(const std::string& path);

}  // namespace bolna
