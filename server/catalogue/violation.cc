#include "catalogue/violation.h"

#include <cctype>

#include "common/field_checks.h"

namespace bolna {

namespace {

// `obj[key]` when present and not null, else `def` (Json::value throws on null).
template <typename T>
T value_or(const Json& obj, const char* key, T def) {
  return obj.contains(key) && !obj[key].is_null() ? obj[key].get<T>() : def;
}

bool read_positive(const std::optional<std::string>& text, int& out) {
  if (!text) return true;
  if (text->empty() || text->size() > 6) return false;
  for (char c : *text)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  out = std::stoi(*text);
  return out >= 1;
}

}  // namespace

static std::string validate_violation_query_text(const std::optional<std::string>& status,
                                     const std::optional<std::string>& page_number,
                                     const std::optional<std::string>& page_size, int& page,
                                     int& size) {
  if (status && *status != "pending" && *status != "accepted" && *status != "rejected" &&
      *status != "submitted")
    return "status must be one of pending, accepted, rejected, submitted";
  page = 1;
  size = 20;
  if (!read_positive(page_number, page)) return "page_number must be an integer >= 1";
  if (!read_positive(page_size, size)) return "page_size must be an integer >= 1";
  return "";
}

Json violation_to_json(const Violation& v, const std::string& user_id, Profile profile) {
  return Json{{"id", v.id},
              {"from_phone_number", v.from_phone_number},
              {"to_phone_number", v.to_phone_number},
              {"date_of_call", format_timestamp(v.date_of_call, profile)},
              {"status", v.status},
              {"created_at", format_timestamp(v.created_at, profile)},
              {"updated_at", format_timestamp(v.updated_at, profile)},
              {"user_id", user_id},
              {"agent_id", v.agent_id},
              {"execution_id", v.execution_id},
              {"image_url", v.image_url ? Json(*v.image_url) : Json()},
              {"email", v.email}};
}

Json violation_page(const ViolationStore& store, const std::optional<std::string>& status, int page,
                    int size, const std::string& user_id, Profile profile) {
  std::vector<const Violation*> matching;
  auto all = store.all();
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (!status || (*it)->status == *status) matching.push_back(*it);
  size_t offset = static_cast<size_t>(page - 1) * static_cast<size_t>(size);
  Json data = Json::array();
  for (size_t i = offset; i < matching.size() && data.size() < static_cast<size_t>(size); ++i)
    data.push_back(violation_to_json(*matching[i], user_id, profile));
  return Json{{"data", data},
              {"total", matching.size()},
              {"limit", size},
              {"offset", offset},
              {"has_more", offset + data.size() < matching.size()}};
}

static std::string validate_violation_seed_text(const Json& body, TimePoint now, Violation& out) {
  if (!body.is_object()) return "Request body must be a JSON object";
  for (const char* f : {"from_phone_number", "to_phone_number"}) {
    if (auto e = check_required_string(body, f); !e.empty()) return e;
    if (!is_e164(body[f].get<std::string>())) return std::string(f) + " must be in E.164 format";
  }
  for (const char* f : {"agent_id", "execution_id", "email", "date_of_call"})
    if (auto e = check_optional_string(body, f); !e.empty()) return e;
  if (auto e =
          check_optional_enum(body, "status", {"pending", "accepted", "rejected", "submitted"});
      !e.empty())
    return e;
  out.from_phone_number = body["from_phone_number"];
  out.to_phone_number = body["to_phone_number"];
  out.date_of_call = now;
  if (body.contains("date_of_call") && body["date_of_call"].is_string()) {
    std::string why;
    auto parsed = parse_iso8601(body["date_of_call"].get<std::string>(), &why);
    if (!parsed) return "date_of_call is not an ISO 8601 time: " + why;
    out.date_of_call = parsed->utc;
  }
  out.status = value_or(body, "status", std::string("pending"));
  out.agent_id = value_or(body, "agent_id", std::string());
  out.execution_id = value_or(body, "execution_id", std::string());
  out.email = value_or(body, "email", std::string("user@example.com"));
  out.created_at = out.updated_at = now;
  return "";
}

Status validate_violation_query(const std::optional<std::string>& status,
                                     const std::optional<std::string>& page_number,
                                     const std::optional<std::string>& page_size, int& page,
                                     int& size) {
  return Status::InvalidIf(validate_violation_query_text(status, page_number, page_size, page, size));
}

Status validate_violation_seed(const Json& body, TimePoint now, Violation& out) {
  return Status::InvalidIf(validate_violation_seed_text(body, now, out));
}

}  // namespace bolna
