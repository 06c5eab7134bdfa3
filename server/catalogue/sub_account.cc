#include "catalogue/sub_account.h"

#include "common/field_checks.h"

namespace bolna {

namespace {

// `obj[key]` when present and not null, else `def` (Json::value throws on null).
template <typename T>
T value_or(const Json& obj, const char* key, T def) {
  return obj.contains(key) && !obj[key].is_null() ? obj[key].get<T>() : def;
}

SubAccountCheck fail(int status, Json body) { return SubAccountCheck{status, std::move(body)}; }

SubAccountCheck message(const std::string& text) { return fail(400, Json{{"message", text}}); }

// Reads min/max from `body` into the given values (keeping them when absent).
SubAccountCheck read_concurrency(const Json& body, int& min, std::optional<int>& max) {
  if (body.contains("min_concurrency") && !body["min_concurrency"].is_null()) {
    const Json& v = body["min_concurrency"];
    if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 100000)
      return message("min_concurrency must be a non-negative integer");
    min = v.get<int>();
  }
  if (body.contains("max_concurrency")) {
    const Json& v = body["max_concurrency"];
    if (v.is_null()) {
      max.reset();
    } else if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 100000) {
      return message("max_concurrency must be a non-negative integer or null");
    } else {
      max = v.get<int>();
    }
  }
  if (max && min > *max)
    return message("min_concurrency (" + std::to_string(min) + ") cannot exceed max_concurrency (" +
                   std::to_string(*max) + ")");
  return {};
}

// The organization-wide sums, with `self` (possibly new) counted with min/max.
SubAccountCheck check_sums(const std::vector<const SubAccount*>& existing, const std::string& self,
                           int min, std::optional<int> max) {
  int sum_min = min;
  int sum_max = max.value_or(0);
  for (const SubAccount* s : existing) {
    if (s->id == self) continue;
    sum_min += s->min_concurrency;
    sum_max += s->max_concurrency.value_or(0);
  }
  if (sum_min > kOrgMinConcurrency)
    return message("Sum of account minimums (" + std::to_string(sum_min) +
                   ") exceeds the org minimum (" + std::to_string(kOrgMinConcurrency) + ") by " +
                   std::to_string(sum_min - kOrgMinConcurrency) +
                   "; lower an account minimum first.");
  if (sum_max > kOrgMaxConcurrency)
    return message("Sum of capped account maximums (" + std::to_string(sum_max) +
                   ") exceeds the org maximum (" + std::to_string(kOrgMaxConcurrency) + ") by " +
                   std::to_string(sum_max - kOrgMaxConcurrency) +
                   "; lower an account maximum or raise the org maximum.");
  return {};
}

}  // namespace

SubAccountCheck validate_sub_account_create(const Json& body,
                                            const std::vector<const SubAccount*>& existing,
                                            SubAccount& out) {
  if (!body.is_object()) return message("Request body must be a JSON object");
  if (auto e = check_required_string(body, "name"); !e.empty()) return message(e);
  bool has_min = body.contains("min_concurrency") && !body["min_concurrency"].is_null();
  bool has_max = body.contains("max_concurrency");
  // The older API took one number, allow_concurrent_calls: read it as a cap.
  Json effective = body;
  if (!has_min && !has_max && body.contains("allow_concurrent_calls")) {
    effective["max_concurrency"] = body["allow_concurrent_calls"];
    has_max = true;
  }
  if (!has_min && !has_max)
    return message("Bad request. Please provide min_concurrency and/or max_concurrency.");
  for (const char* f : {"multi_tenant"})
    if (auto e = check_optional_bool(body, f); !e.empty()) return message(e);
  for (const char* f : {"db_host", "db_name", "db_user", "db_password"})
    if (auto e = check_optional_string(body, f); !e.empty()) return message(e);
  if (body.contains("db_port") && !body["db_port"].is_null() && !body["db_port"].is_string() &&
      !body["db_port"].is_number_integer())
    return message("db_port must be a string or an integer");
  int min = 0;
  std::optional<int> max;
  if (auto c = read_concurrency(effective, min, max); !c.ok()) return c;
  if (auto c = check_sums(existing, "", min, max); !c.ok()) return c;
  out.name = body["name"];
  out.min_concurrency = min;
  out.max_concurrency = max;
  out.multi_tenant = value_or(body, "multi_tenant", false);
  out.db = Json::object();
  for (const char* f : {"db_host", "db_name", "db_port", "db_user", "db_password"}) {
    Json v = body.contains(f) ? body[f] : Json();
    if (v.is_number_integer()) v = std::to_string(v.get<long long>());
    out.db[f] = out.multi_tenant ? v : Json();
  }
  return {};
}

SubAccountCheck apply_sub_account_patch(const Json& body,
                                        const std::vector<const SubAccount*>& existing,
                                        SubAccount& target) {
  bool any = body.is_object() && (body.contains("name") || body.contains("min_concurrency") ||
                                  body.contains("max_concurrency"));
  if (!any) return fail(400, Json{{"error", "No valid fields provided"}, {"status", "failure"}});
  if (body.contains("name")) {
    if (auto e = check_required_string(body, "name"); !e.empty()) return message(e);
  }
  int min = target.min_concurrency;
  std::optional<int> max = target.max_concurrency;
  if (auto c = read_concurrency(body, min, max); !c.ok()) return c;
  if (auto c = check_sums(existing, target.id, min, max); !c.ok()) return c;
  if (body.contains("name")) target.name = body["name"];
  target.min_concurrency = min;
  target.max_concurrency = max;
  return {};
}

Json sub_account_created_json(const SubAccount& s, const std::string& user_id,
                              const std::string& organization_id, Profile profile) {
  Json out{{"id", s.id},           {"name", s.name},
           {"user_id", user_id},   {"organization_id", organization_id},
           {"api_key", s.api_key}, {"multi_tenant", s.multi_tenant}};
  for (const auto& [k, v] : s.db.items()) out[k] = v;
  out["min_concurrency"] = s.min_concurrency;
  out["max_concurrency"] = s.max_concurrency ? Json(*s.max_concurrency) : Json();
  out["created_at"] = format_timestamp(s.created_at, profile);
  out["updated_at"] = format_timestamp(s.updated_at, profile);
  return out;
}

Json sub_account_to_json(const SubAccount& s, const std::string& organization_id) {
  return Json{{"id", s.id},
              {"name", s.name},
              {"organization_id", organization_id},
              {"api_key", s.api_key},
              {"multi_tenant", s.multi_tenant},
              {"min_concurrency", s.min_concurrency},
              {"max_concurrency", s.max_concurrency ? Json(*s.max_concurrency) : Json()}};
}

}  // namespace bolna
