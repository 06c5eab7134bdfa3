#include "catalogue/phone_number.h"

#include <cstdio>

#include "common/field_checks.h"
#include "common/humanize.h"

namespace bolna {

void PhoneNumberStore::reset(TimePoint now) {
  numbers_.clear();
  PhoneNumber n;
  n.id = kDefaultPhoneNumberId;
  n.phone_number = kDefaultPhoneNumber;
  n.telephony_provider = "twilio";
  n.price_cents = 500.0;
  n.rented = true;
  n.telephony_sid = std::string(kDefaultPhoneNumber).substr(1);
  n.created_at = n.updated_at = now;
  numbers_.add(std::move(n));
}

PhoneNumber* PhoneNumberStore::find(const std::string& id) {
  if (PhoneNumber* n = numbers_.find(id)) return n;
  std::string wanted = compact_id(id);
  for (PhoneNumber* n : numbers_.all())
    if (compact_id(n->id) == wanted) return n;
  return nullptr;
}

PhoneNumber* PhoneNumberStore::find_by_number(const std::string& e164) {
  for (PhoneNumber* n : numbers_.all())
    if (n->phone_number == e164) return n;
  return nullptr;
}

const PhoneNumber* PhoneNumberStore::find_by_number(const std::string& e164) const {
  for (const PhoneNumber* n : numbers_.all())
    if (n->phone_number == e164) return n;
  return nullptr;
}

bool PhoneNumberStore::remove(const std::string& id) {
  PhoneNumber* n = find(id);
  if (!n) return false;
  return numbers_.remove(std::string(n->id));
}

std::string PhoneNumberStore::default_number() const {
  auto all = numbers_.all();
  return all.empty() ? "" : all.front()->phone_number;
}

void PhoneNumberStore::unlink_agent(const std::string& agent_id) {
  for (PhoneNumber* n : numbers_.all())
    if (n->agent_id && *n->agent_id == agent_id) n->agent_id.reset();
}

std::string format_dollars(double cents) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", cents / 100.0);
  std::string s = buf;
  // "$5.0", "$5.5", "$5.25": at least one decimal, no trailing zeros beyond it.
  while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  return "$" + s;
}

Json phone_number_to_json(const PhoneNumber& n, TimePoint now, Profile profile) {
  return Json{{"id", compact_id(n.id)},
              {"humanized_created_at", humanized_age(n.created_at, now)},
              {"created_at", format_timestamp(n.created_at, profile)},
              {"humanized_updated_at", humanized_age(n.updated_at, now)},
              {"updated_at", format_timestamp(n.updated_at, profile)},
              {"renewal_at", format_day_month_year(n.created_at + std::chrono::days(30))},
              {"phone_number", n.phone_number},
              {"agent_id", n.agent_id ? Json(*n.agent_id) : Json(nullptr)},
              {"price", format_dollars(n.price_cents)},
              {"telephony_provider", n.telephony_provider},
              {"rented", n.rented}};
}

Json purchase_to_json(const PhoneNumber& n, Profile profile) {
  return Json{{"id", n.id},
              {"agent_id", n.agent_id ? Json(*n.agent_id) : Json(nullptr)},
              {"bolna_owned", true},
              {"deleted", false},
              {"renewal", true},
              {"payment_uuid", n.payment_uuid},
              {"phone_number", n.phone_number},
              {"price", n.price_cents},
              {"telephony_provider", n.telephony_provider},
              {"telephony_sid", n.telephony_sid},
              {"created_at", format_timestamp(n.created_at, profile)},
              {"updated_at", format_timestamp(n.updated_at, profile)}};
}

}  // namespace bolna
