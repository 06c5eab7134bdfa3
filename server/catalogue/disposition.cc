#include "catalogue/disposition.h"

#include <algorithm>
#include <regex>

namespace bolna {

namespace {

// `obj[key]` when present and not null, else `def` (Json::value throws on null).
template <typename T>
T value_or(const Json& obj, const char* key, T def) {
  return obj.contains(key) && !obj[key].is_null() ? obj[key].get<T>() : def;
}

const char* const kUpdatable[] = {"name",
                                  "question",
                                  "category",
                                  "category_id",
                                  "system_prompt",
                                  "model",
                                  "is_subjective",
                                  "is_objective",
                                  "subjective_type",
                                  "subjective_type_config",
                                  "objective_options"};

Status check_options(const Json& options, const std::string& where) {
  if (!options.is_array()) return Status::Unprocessable(where + " must be an array");
  for (size_t i = 0; i < options.size(); ++i) {
    std::string at = where + "[" + std::to_string(i) + "]";
    const Json& o = options[i];
    if (!o.is_object()) return Status::Unprocessable(at + " must be an object");
    if (auto e = check_required_string(o, "value"); !e.empty())
      return Status::Unprocessable(at + "." + e);
    if (auto e = check_required_string(o, "condition"); !e.empty())
      return Status::Unprocessable(at + "." + e);
    if (o.contains("sub_options") && !o["sub_options"].is_null())
      if (auto p = check_options(o["sub_options"], at + ".sub_options"); !p.ok()) return p;
  }
  return {};
}

}  // namespace

bool Disposition::linked_to(const std::string& agent_id) const {
  return std::find(agent_ids.begin(), agent_ids.end(), agent_id) != agent_ids.end();
}

Status validate_disposition(const Json& body, const std::string& where, Json& fields) {
  if (!body.is_object()) return Status::Unprocessable(where + "body must be a JSON object");
  for (const char* f : {"name", "question"})
    if (auto e = check_required_string(body, f); !e.empty())
      return Status::Unprocessable(where + e);
  for (const char* f : {"category", "category_id", "system_prompt", "model", "agent_id"})
    if (auto e = check_optional_string(body, f); !e.empty())
      return Status::Unprocessable(where + e);
  for (const char* f : {"is_subjective", "is_objective"})
    if (auto e = check_optional_bool(body, f); !e.empty()) return Status::Unprocessable(where + e);
  if (auto e = check_optional_enum(body, "subjective_type",
                                   {"text", "timestamp", "numeric", "boolean", "email", "regex"});
      !e.empty())
    return Status::Unprocessable(where + e);
  bool subjective = value_or(body, "is_subjective", false);
  bool objective = value_or(body, "is_objective", false);
  if (!subjective && !objective)
    return Status::Unprocessable(where +
                                  "At least one of is_subjective or is_objective must be true");
  std::string type = body.contains("subjective_type") && body["subjective_type"].is_string()
                         ? body["subjective_type"].get<std::string>()
                         : "text";
  Json config = body.contains("subjective_type_config") ? body["subjective_type_config"] : Json();
  if (!config.is_null()) {
    if (!config.is_object())
      return Status::Unprocessable(where + "subjective_type_config must be an object");
    if (auto e = check_required_string(config, "pattern"); !e.empty())
      return Status::Unprocessable(where + "subjective_type_config." + e);
    if (auto e = check_optional_string(config, "description"); !e.empty())
      return Status::Unprocessable(where + "subjective_type_config." + e);
    try {
      std::regex re(config["pattern"].get<std::string>());
    } catch (const std::regex_error&) {
      return Status::Unprocessable(
          where + "subjective_type_config.pattern is not a valid regular expression");
    }
  } else if (subjective && type == "regex") {
    return Status::Unprocessable(
        where + "subjective_type_config with a pattern is required when subjective_type is regex");
  }
  Json options = body.contains("objective_options") ? body["objective_options"] : Json();
  if (objective && (options.is_null() || (options.is_array() && options.empty())))
    return Status::Unprocessable(
        where + "objective_options is required and must not be empty when is_objective is true");
  if (!options.is_null())
    if (auto p = check_options(options, where + "objective_options"); !p.ok()) return p;

  auto str_or = [&](const char* f, Json def) {
    return body.contains(f) && body[f].is_string() ? body[f] : def;
  };
  fields = Json{{"name", body["name"]},
                {"question", body["question"]},
                {"system_prompt", str_or("system_prompt", nullptr)},
                {"category", str_or("category", "General")},
                {"model", str_or("model", "gpt-4.1-mini")},
                {"is_subjective", subjective},
                {"is_objective", objective},
                {"subjective_type", type},
                {"subjective_type_config", config},
                {"objective_options", options}};
  if (body.contains("category_id") && body["category_id"].is_string())
    fields["category_id"] = body["category_id"];
  return {};
}

bool has_disposition_update_field(const Json& body) {
  if (!body.is_object()) return false;
  for (const char* f : kUpdatable)
    if (body.contains(f)) return true;
  return false;
}

Json merge_disposition_update(const Json& stored, const Json& body) {
  Json merged = stored;
  for (const char* f : kUpdatable)
    if (body.contains(f)) merged[f] = body[f];
  return merged;
}

Json disposition_to_json(const Disposition& d, Profile profile) {
  Json out{{"id", d.id}};
  for (const auto& [k, v] : d.fields.items()) out[k] = v;
  out["agent_ids"] = d.agent_ids;
  out["created_by"] = d.created_by;
  out["created_at"] = format_timestamp(d.created_at, profile);
  out["updated_at"] = format_timestamp(d.updated_at, profile);
  return out;
}

void unlink_agent_dispositions(DispositionStore& store, const std::string& agent_id) {
  for (Disposition* d : store.all())
    d->agent_ids.erase(std::remove(d->agent_ids.begin(), d->agent_ids.end(), agent_id),
                       d->agent_ids.end());
}

}  // namespace bolna
