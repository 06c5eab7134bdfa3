#include "catalogue/sip_trunk.h"

#include <cctype>

namespace bolna {

namespace {

// `obj[key]` when present and not null, else `def` (Json::value throws on null).
template <typename T>
T value_or(const Json& obj, const char* key, T def) {
  return obj.contains(key) && !obj[key].is_null() ? obj[key].get<T>() : def;
}

Status check_gateways(const Json& body) {
  if (!body.contains("gateways") || body["gateways"].is_null())
    return Status::Invalid("gateways is required");
  const Json& g = body["gateways"];
  if (!g.is_array() || g.empty()) return Status::Invalid("gateways must be a non-empty array");
  for (size_t i = 0; i < g.size(); ++i) {
    std::string where = "gateways[" + std::to_string(i) + "]";
    if (!g[i].is_object()) return Status::Invalid(where + " must be an object");
    if (auto e = check_required_string(g[i], "gateway_address"); !e.empty())
      return Status::Invalid(where + "." + e);
    if (auto e = check_optional_int(g[i], "port", 1); !e.empty())
      return Status::Invalid(where + "." + e);
    if (g[i].contains("port") && g[i]["port"].is_number_integer() &&
        g[i]["port"].get<long long>() > 65535)
      return Status::Invalid(where + ".port must be at most 65535");
    if (auto e = check_optional_int(g[i], "priority", 1); !e.empty())
      return Status::Invalid(where + "." + e);
  }
  return {};
}

Json normalize_gateways(const Json& g) {
  Json out = Json::array();
  for (const Json& item : g)
    out.push_back(Json{{"gateway_address", item["gateway_address"]},
                       {"port", value_or(item, "port", 5060)},
                       {"priority", value_or(item, "priority", 1)}});
  return out;
}

Status check_ip_identifiers(const Json& body, bool required) {
  if (!body.contains("ip_identifiers") || body["ip_identifiers"].is_null()) {
    return required ? Status::Invalid("ip_identifiers is required when auth_type is ip-based")
                    : Status{};
  }
  const Json& ips = body["ip_identifiers"];
  if (!ips.is_array()) return Status::Invalid("ip_identifiers must be an array");
  if (required && ips.empty())
    return Status::Invalid("ip_identifiers is required when auth_type is ip-based");
  for (size_t i = 0; i < ips.size(); ++i) {
    std::string where = "ip_identifiers[" + std::to_string(i) + "]";
    if (!ips[i].is_object()) return Status::Invalid(where + " must be an object");
    if (auto e = check_required_string(ips[i], "ip_address"); !e.empty())
      return Status::Invalid(where + "." + e);
  }
  return {};
}

Json normalize_ips(const Json& ips) {
  Json out = Json::array();
  for (const Json& item : ips) out.push_back(Json{{"ip_address", item["ip_address"]}});
  return out;
}

// Type checks of the optional settings shared by create and patch.
Status check_settings(const Json& body) {
  for (const char* f : {"description", "auth_username", "auth_password", "allow", "disallow"})
    if (auto e = check_optional_string(body, f); !e.empty()) return Status::Invalid(e);
  for (const char* f :
       {"direct_media", "rtp_symmetric", "force_rport", "media_encryption_optimistic",
        "inbound_enabled", "outbound_leading_plus_enabled", "is_active"})
    if (auto e = check_optional_bool(body, f); !e.empty()) return Status::Invalid(e);
  if (auto e = check_optional_int(body, "qualify_frequency", 0); !e.empty()) return Status::Invalid(e);
  if (auto e = check_optional_enum(body, "transport",
                                   {"transport-udp", "transport-tcp", "transport-tls"});
      !e.empty())
    return Status::Invalid(e);
  if (auto e = check_optional_enum(body, "media_encryption", {"no", "sdes"}); !e.empty())
    return Status::Invalid(e);
  return {};
}

Status check_sdes(const Json& fields) {
  if (fields["media_encryption"] == "sdes" && fields["transport"] != "transport-tls")
    return Status::Unprocessable("media_encryption='sdes' requires transport='transport-tls'");
  return {};
}

std::string digits_of(const std::string& s) {
  std::string d;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) d += c;
  return d;
}

}  // namespace

bool same_number(const std::string& a, const std::string& b) {
  std::string x = a.rfind('+', 0) == 0 ? a.substr(1) : a;
  std::string y = b.rfind('+', 0) == 0 ? b.substr(1) : b;
  return !x.empty() && x == y;
}

Status validate_sip_trunk_number(const Json& entry, const std::string& where,
                                  SipTrunkNumber& out) {
  std::string prefix = where.empty() ? "" : where + ".";
  if (!entry.is_object())
    return Status::Invalid((where.empty() ? "body" : where) + " must be an object");
  if (auto e = check_required_string(entry, "phone_number"); !e.empty())
    return Status::Invalid(prefix + e);
  if (auto e = check_optional_string(entry, "name"); !e.empty()) return Status::Invalid(prefix + e);
  if (auto e = check_optional_bool(entry, "e164_check_enabled"); !e.empty())
    return Status::Invalid(prefix + e);
  const std::string number = entry["phone_number"];
  std::string body = number.rfind('+', 0) == 0 ? number.substr(1) : number;
  if (body.size() < 5 || body.size() > 15 || digits_of(body) != body)
    return Status::Unprocessable(
        prefix + "phone_number must be 5 to 15 digits, optionally with a leading +");
  if (value_or(entry, "e164_check_enabled", false) && !is_e164(number))
    return Status::Unprocessable(prefix +
                                  "phone_number must be in E.164 format (+ and country code) "
                                  "when e164_check_enabled is true");
  out.phone_number = number;
  out.name =
      entry.contains("name") && entry["name"].is_string() ? entry["name"].get<std::string>() : "";
  return {};
}

Status validate_sip_trunk_create(const Json& body, Json& fields, std::string& password,
                                  std::vector<SipTrunkNumber>& numbers) {
  if (!body.is_object()) return Status::Invalid("Request body must be a JSON object");
  for (const char* f : {"name", "provider", "auth_type"})
    if (auto e = check_required_string(body, f); !e.empty()) return Status::Invalid(e);
  if (auto e = check_optional_enum(body, "auth_type", {"userpass", "ip-based"}); !e.empty())
    return Status::Invalid(e);
  if (auto p = check_gateways(body); !p.ok()) return p;
  if (auto p = check_settings(body); !p.ok()) return p;
  const std::string auth = body["auth_type"];
  if (auth == "userpass") {
    if (auto e = check_required_string(body, "auth_username"); !e.empty())
      return Status::Invalid(e + " when auth_type is userpass");
    if (auto e = check_required_string(body, "auth_password"); !e.empty())
      return Status::Invalid(e + " when auth_type is userpass");
  }
  if (auto p = check_ip_identifiers(body, auth == "ip-based"); !p.ok()) return p;
  numbers.clear();
  if (body.contains("phone_numbers") && !body["phone_numbers"].is_null()) {
    if (!body["phone_numbers"].is_array()) return Status::Invalid("phone_numbers must be an array");
    for (size_t i = 0; i < body["phone_numbers"].size(); ++i) {
      SipTrunkNumber n;
      if (auto p = validate_sip_trunk_number(body["phone_numbers"][i],
                                             "phone_numbers[" + std::to_string(i) + "]", n);
          !p.ok())
        return p;
      numbers.push_back(n);
    }
  }
  auto str = [&](const char* f, const char* def) -> Json {
    return body.contains(f) && body[f].is_string() ? body[f] : (def ? Json(def) : Json());
  };
  auto flag = [&](const char* f, bool def) -> Json {
    return body.contains(f) && body[f].is_boolean() ? body[f] : Json(def);
  };
  fields = Json{
      {"name", body["name"]},
      {"provider", body["provider"]},
      {"description", str("description", nullptr)},
      {"auth_type", auth},
      {"auth_username", auth == "userpass" ? body["auth_username"] : str("auth_username", nullptr)},
      {"gateways", normalize_gateways(body["gateways"])},
      {"ip_identifiers", body.contains("ip_identifiers") && body["ip_identifiers"].is_array()
                             ? normalize_ips(body["ip_identifiers"])
                             : Json::array()},
      {"allow", str("allow", "ulaw,alaw")},
      {"disallow", str("disallow", "all")},
      {"transport", str("transport", "transport-udp")},
      {"direct_media", flag("direct_media", false)},
      {"rtp_symmetric", flag("rtp_symmetric", true)},
      {"force_rport", flag("force_rport", true)},
      {"media_encryption", str("media_encryption", "no")},
      {"media_encryption_optimistic", flag("media_encryption_optimistic", false)},
      {"qualify_frequency", value_or(body, "qualify_frequency", 60)},
      {"inbound_enabled", flag("inbound_enabled", false)},
      {"outbound_leading_plus_enabled", flag("outbound_leading_plus_enabled", true)},
      {"is_active", flag("is_active", true)}};
  if (auto p = check_sdes(fields); !p.ok()) return p;
  password = str("auth_password", "").get<std::string>();
  return {};
}

Status apply_sip_trunk_patch(const Json& body, SipTrunk& trunk) {
  if (!body.is_object()) return Status::Invalid("Request body must be a JSON object");
  for (const char* f : {"provider", "auth_type"})
    if (body.contains(f) && body[f] != trunk.fields[f])
      return Status::Invalid(std::string(f) + " cannot be changed; create a new trunk instead");
  if (body.contains("name"))
    if (auto e = check_required_string(body, "name"); !e.empty()) return Status::Invalid(e);
  if (auto p = check_settings(body); !p.ok()) return p;
  if (body.contains("gateways"))
    if (auto p = check_gateways(body); !p.ok()) return p;
  if (body.contains("ip_identifiers"))
    if (auto p = check_ip_identifiers(body, trunk.fields["auth_type"] == "ip-based"); !p.ok())
      return p;
  Json next = trunk.fields;
  for (const char* f :
       {"name", "description", "auth_username", "allow", "disallow", "transport", "direct_media",
        "rtp_symmetric", "force_rport", "media_encryption", "media_encryption_optimistic",
        "qualify_frequency", "inbound_enabled", "outbound_leading_plus_enabled", "is_active"})
    if (body.contains(f) && !body[f].is_null()) next[f] = body[f];
  if (body.contains("gateways")) next["gateways"] = normalize_gateways(body["gateways"]);
  if (body.contains("ip_identifiers"))
    next["ip_identifiers"] = normalize_ips(body["ip_identifiers"]);
  if (auto p = check_sdes(next); !p.ok()) return p;
  trunk.fields = std::move(next);
  if (body.contains("auth_password") && body["auth_password"].is_string())
    trunk.auth_password = body["auth_password"];
  return {};
}

Json sip_trunk_number_to_json(const SipTrunk& trunk, const SipTrunkNumber& n, Profile profile) {
  return Json{{"id", n.id},
              {"phone_number", n.phone_number},
              {"name", n.name},
              {"byot_trunk_id", trunk.id},
              {"telephony_provider", "sip-trunk"},
              {"deleted", false},
              {"created_at", format_timestamp(n.created_at, profile)},
              {"updated_at", format_timestamp(n.created_at, profile)}};
}

Json sip_trunk_to_json(const SipTrunk& trunk, Profile profile) {
  Json out{{"id", trunk.id}};
  for (const auto& [k, v] : trunk.fields.items()) {
    if (k == "allow") {
      Json numbers = Json::array();
      for (const auto& n : trunk.numbers)
        numbers.push_back(sip_trunk_number_to_json(trunk, n, profile));
      out["phone_numbers"] = numbers;
    }
    out[k] = v;
  }
  out["created_at"] = format_timestamp(trunk.created_at, profile);
  out["updated_at"] = format_timestamp(trunk.updated_at, profile);
  return out;
}

}  // namespace bolna
