#include "control/fault_set.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "common/json_text.h"

namespace bolna {

namespace {

[[noreturn]] void invalid(const std::string& message) { throw std::invalid_argument(message); }

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Injected fault";
  }
}

int64_t integer_field(const Json& body, const char* name, int64_t min, int64_t max) {
  const Json& v = body.at(name);
  if (!v.is_number_integer())
    invalid(std::string(name) + " must be an integer, got " + dump_json(v));
  int64_t n = v.get<int64_t>();
  if (n < min || n > max)
    invalid(std::string(name) + " must be between " + std::to_string(min) + " and " +
            std::to_string(max) + ", got " + std::to_string(n));
  return n;
}

}  // namespace

double unit_draw(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

FaultSpec FaultSet::parse(const Json& body, uint64_t random_seed) {
  if (!body.is_object()) invalid("A fault must be a JSON object");
  static const std::set<std::string> kFields = {"method",       "path",        "status",   "body",
                                                "content_type", "headers",     "delay_ms", "drop",
                                                "count",        "probability", "seed"};
  for (const auto& [name, value] : body.items()) {
    (void)value;
    if (!kFields.count(name))
      invalid("Unknown field '" + name +
              "'; a fault takes method, path, status, body, content_type, headers, "
              "delay_ms, drop, count, probability, seed");
  }

  FaultSpec spec;
  if (body.contains("method")) {
    const Json& m = body["method"];
    if (!m.is_string()) invalid("method must be a string such as \"POST\" or \"*\"");
    std::string method = m.get<std::string>();
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    static const std::set<std::string> kMethods = {"*", "GET", "POST", "PUT", "PATCH", "DELETE"};
    if (!kMethods.count(method))
      invalid("method must be one of GET, POST, PUT, PATCH, DELETE or \"*\", got \"" +
              m.get<std::string>() + "\"");
    spec.method = method;
  }
  if (!body.contains("path")) invalid("path is required (e.g. \"/call\" or \"/v2/agent/*\")");
  if (!body["path"].is_string()) invalid("path must be a string such as \"/call\"");
  std::string error;
  auto path = PathPattern::parse(body["path"].get<std::string>(), "path", &error);
  if (!path) invalid(error);
  if (path->text().rfind("/__emulator", 0) == 0)
    invalid("path must not be a control API path (/__emulator/...): faults never apply there");
  spec.path = *path;

  if (body.contains("status") && !body["status"].is_null())
    spec.status = static_cast<int>(integer_field(body, "status", 200, 599));
  if (body.contains("delay_ms"))
    spec.delay_ms = static_cast<int>(integer_field(body, "delay_ms", 0, kMaxDelayMs));
  if (body.contains("drop")) {
    if (!body["drop"].is_boolean()) invalid("drop must be true or false");
    spec.drop = body["drop"].get<bool>();
  }
  if (spec.drop && spec.status)
    invalid(
        "drop and status are exclusive: a dropped connection "
        "has no status");
  if (!spec.drop && !spec.status && spec.delay_ms == 0)
    invalid(
        "A fault needs status (answer with it), delay_ms (> 0: wait, then answer "
        "normally) or drop (true: close the connection)");

  bool has_body = body.contains("body");
  if ((has_body || body.contains("content_type") || body.contains("headers")) && !spec.status)
    invalid("body, content_type and headers need status");
  if (body.contains("content_type")) {
    if (!body["content_type"].is_string() || body["content_type"].get<std::string>().empty())
      invalid("content_type must be a non-empty string such as \"text/html\"");
    spec.content_type = body["content_type"].get<std::string>();
  }
  bool json_type = spec.content_type.find("json") != std::string::npos;
  if (has_body) {
    spec.body = body["body"];
    if (!json_type && !spec.body.is_string())
      invalid("body must be a string when content_type is not JSON (" + spec.content_type + ")");
  }
  if (body.contains("headers")) {
    const Json& h = body["headers"];
    if (!h.is_object()) invalid("headers must be an object of header names to string values");
    for (const auto& [name, value] : h.items()) {
      if (!value.is_string()) invalid("headers." + name + " must be a string");
      std::string v = value.get<std::string>();
      if (name.empty() || name.find_first_of(":\r\n ") != std::string::npos ||
          v.find_first_of("\r\n") != std::string::npos)
        invalid("headers." + name + " is not a valid header name and value");
      spec.headers.emplace_back(name, v);
    }
  }

  if (body.contains("count") && !body["count"].is_null())
    spec.count = integer_field(body, "count", 1, 1'000'000'000);
  if (body.contains("probability") && !body["probability"].is_null()) {
    const Json& p = body["probability"];
    if (!p.is_number()) invalid("probability must be a number between 0 and 1");
    double v = p.get<double>();
    if (!(v >= 0.0 && v <= 1.0))
      invalid("probability must be between 0 and 1, got " + dump_json(p));
    spec.probability = v;
  }
  spec.seed = random_seed;
  if (body.contains("seed") && !body["seed"].is_null()) {
    const Json& s = body["seed"];
    if (!s.is_number_unsigned() && !(s.is_number_integer() && s.get<int64_t>() >= 0))
      invalid("seed must be a non-negative integer");
    if (!spec.probability) invalid("seed needs probability");
    spec.seed = s.get<uint64_t>();
  }
  return spec;
}

Json FaultSet::add(FaultSpec spec) {
  if (faults_.size() >= kMaxFaults)
    invalid("Too many faults: at most " + std::to_string(kMaxFaults) +
            " per tenant; DELETE /__emulator/faults to clear them");
  Fault f;
  f.id = "flt_" + std::to_string(next_id_++);
  f.remaining = spec.count;
  f.rng.seed(spec.seed);
  f.spec = std::move(spec);
  faults_.push_back(std::move(f));
  return fault_json(faults_.back());
}

std::optional<FaultAction> FaultSet::match(const std::string& method, const std::string& path,
                                           const std::string& route_pattern) {
  if (path.rfind("/__emulator", 0) == 0) return std::nullopt;
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    Fault& f = *it;
    if (f.spec.method != "*" && f.spec.method != method) continue;
    if (!f.spec.path.matches(path, route_pattern)) continue;
    ++f.matched;
    if (f.spec.probability && !(unit_draw(f.rng) < *f.spec.probability)) continue;
    ++f.hits;
    FaultAction a;
    a.id = f.id;
    a.status = f.spec.status;
    a.delay_ms = f.spec.delay_ms;
    a.drop = f.spec.drop;
    a.headers = f.spec.headers;
    a.content_type = f.spec.content_type;
    if (a.status) {
      if (f.spec.body.is_null()) {
        a.body = dump_json(Json{
            {"error", *a.status},
            {"message", std::string(reason_phrase(*a.status)) + " (injected fault " + f.id + ")"}});
        a.content_type = "application/json";
      } else if (f.spec.body.is_string() && f.spec.content_type.find("json") == std::string::npos) {
        a.body = f.spec.body.get<std::string>();
      } else {
        a.body = dump_json(f.spec.body);
      }
    }
    if (f.remaining && --*f.remaining == 0) faults_.erase(it);
    return a;
  }
  return std::nullopt;
}

bool FaultSet::remove(const std::string& id) {
  auto it =
      std::find_if(faults_.begin(), faults_.end(), [&](const Fault& f) { return f.id == id; });
  if (it == faults_.end()) return false;
  faults_.erase(it);
  return true;
}

size_t FaultSet::clear() {
  size_t n = faults_.size();
  faults_.clear();
  return n;
}

void FaultSet::reset() {
  faults_.clear();
  next_id_ = 1;
}

Json FaultSet::to_json() const {
  Json list = Json::array();
  for (const Fault& f : faults_) list.push_back(fault_json(f));
  return list;
}

Json FaultSet::fault_json(const Fault& f) {
  const FaultSpec& s = f.spec;
  Json j = {{"id", f.id}, {"method", s.method}, {"path", s.path.text()}};
  j["status"] = s.status ? Json(*s.status) : Json(nullptr);
  if (s.status) {
    j["body"] = s.body;
    j["content_type"] = s.content_type;
    Json headers = Json::object();
    for (const auto& [name, value] : s.headers) headers[name] = value;
    j["headers"] = headers;
  }
  j["delay_ms"] = s.delay_ms;
  j["drop"] = s.drop;
  j["count"] = s.count ? Json(*s.count) : Json(nullptr);
  j["remaining"] = f.remaining ? Json(*f.remaining) : Json(nullptr);
  j["probability"] = s.probability ? Json(*s.probability) : Json(nullptr);
  j["seed"] = s.probability ? Json(s.seed) : Json(nullptr);
  j["matched"] = f.matched;
  j["hits"] = f.hits;
  return j;
}

}  // namespace bolna
