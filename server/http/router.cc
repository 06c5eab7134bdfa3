#include "http/router.h"

#include <algorithm>

namespace bolna {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) {
      out.push_back(path.substr(start));
      break;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

static bool is_param(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

void Router::add(const std::string& method, const std::string& pattern, Handler handler,
                 RouteOptions options) {
  Route r;
  r.method = method;
  r.pattern = pattern;
  r.segments = split_path(pattern);
  r.literal_segments = static_cast<int>(
      std::count_if(r.segments.begin(), r.segments.end(),
                    [](const std::string& s) { return !is_param(s); }));
  r.handler = std::move(handler);
  r.options = options;
  routes_.push_back(std::move(r));
}

// Returns a rank (higher is more specific) or -1 when the route does not match.
static long match_segments(const Route& r, const std::vector<std::string>& parts,
                           PathParams* params) {
  if (r.segments.size() != parts.size()) return -1;
  long rank = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = r.segments[i];
    rank <<= 1;
    if (is_param(seg)) {
      if (parts[i].empty()) return -1;
      if (params) (*params)[seg.substr(1, seg.size() - 2)] = parts[i];
    } else {
      if (seg != parts[i]) return -1;
      rank |= 1;
    }
  }
  return rank;
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
  RouteMatch m;
  std::vector<std::string> parts = split_path(path);
  long best = -1;
  for (const Route& r : routes_) {
    long rank = match_segments(r, parts, nullptr);
    if (rank < 0) continue;
    m.path_known = true;
    if (std::find(m.allowed.begin(), m.allowed.end(), r.method) == m.allowed.end())
      m.allowed.push_back(r.method);
    if (r.method == method && rank > best) {
      best = rank;
      m.route = &r;
    }
  }
  if (m.route) match_segments(*m.route, parts, &m.params);
  return m;
}

}  // namespace bolna
