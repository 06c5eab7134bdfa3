// SipTrunk and SipTrunkStore: a tenant's bring-your-own SIP trunks with their DID
// numbers, the create/patch validation (documented 422 for sdes without TLS) and the
// JSON forms. The password is stored but never shown. Not thread-safe: tenant mutex.
#pragma once

#include <string>
#include <vector>

#include "common/field_checks.h"
#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

struct SipTrunkNumber {
  std::string id;  // dashed UUID
  std::string phone_number;
  std::string name;
  TimePoint created_at;
};

struct SipTrunk {
  std::string id;  // dashed UUID
  Json fields;     // every shown field except id, phone_numbers and timestamps
  std::string auth_password;
  std::vector<SipTrunkNumber> numbers;
  TimePoint created_at;
  TimePoint updated_at;
};

using SipTrunkStore = OrderedStore<SipTrunk>;

// Checks a POST /sip-trunks/trunks body; on success fills `fields` (defaults applied),
// `password` and `numbers` (phone_numbers entries, without ids).
Status validate_sip_trunk_create(const Json& body, Json& fields, std::string& password,
                                  std::vector<SipTrunkNumber>& numbers);
// Checks a PATCH body against `trunk` and applies it when valid.
Status apply_sip_trunk_patch(const Json& body, SipTrunk& trunk);
// Checks one number entry ({phone_number, name, e164_check_enabled}) and fills `out`.
Status validate_sip_trunk_number(const Json& entry, const std::string& where, SipTrunkNumber& out);

Json sip_trunk_to_json(const SipTrunk& trunk, Profile profile);
Json sip_trunk_number_to_json(const SipTrunk& trunk, const SipTrunkNumber& n, Profile profile);

// "+919876543210" and "919876543210" compare equal.
bool same_number(const std::string& a, const std::string& b);

}  // namespace bolna
