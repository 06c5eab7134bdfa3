// PhoneNumber and PhoneNumberStore: the numbers a tenant owns (its default number plus
// the ones it bought), which agent answers each one inbound, and their JSON forms
// (GET /phone-numbers/all item, POST /phone-numbers/buy answer). Ids are dashed UUIDs;
// the list shows them as 32 hex digits, as the real API does, and lookups accept both.
// Not thread-safe: guarded by the owning tenant's mutex.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

// Every tenant starts owning this fictional number (NANP 555-01XX range).
inline constexpr const char* kDefaultPhoneNumber = "+12025550100";
inline constexpr const char* kDefaultPhoneNumberId = "5f3c1a2e-9b7d-4c11-8e0f-2025550100aa";

struct PhoneNumber {
  std::string id;                       // dashed UUID
  std::string phone_number;             // E.164
  std::optional<std::string> agent_id;  // inbound agent, when linked
  std::string telephony_provider = "twilio";
  double price_cents = 500.0;
  bool rented = true;
  std::string payment_uuid;
  std::string telephony_sid;
  TimePoint created_at;
  TimePoint updated_at;
};

class PhoneNumberStore {
 public:
  // Forgets every number and adds the default one, created at `now`.
  void reset(TimePoint now);
  // Stores a bought number.
  PhoneNumber& add(PhoneNumber number) { return numbers_.add(std::move(number)); }
  // By id, dashed or 32-hex, any case. nullptr when unknown.
  PhoneNumber* find(const std::string& id);
  // By E.164 number. nullptr when unknown.
  PhoneNumber* find_by_number(const std::string& e164);
  const PhoneNumber* find_by_number(const std::string& e164) const;
  // Returns false when there was no such id (dashed or 32-hex).
  bool remove(const std::string& id);
  // True when the tenant owns `e164` (usable as from_phone_number).
  bool owns(const std::string& e164) const { return find_by_number(e164) != nullptr; }
  // The number POST /call uses when from_phone_number is omitted: the oldest owned
  // number, or "" when the tenant owns none.
  std::string default_number() const;
  // Clears the inbound link of every number answered by `agent_id`.
  void unlink_agent(const std::string& agent_id);
  const std::vector<PhoneNumber*>& all() const { return numbers_.all(); }
  size_t size() const { return numbers_.size(); }

 private:
  OrderedStore<PhoneNumber> numbers_;
};

// GET /phone-numbers/all item: 32-hex id, humanized times, price "$5.0".
Json phone_number_to_json(const PhoneNumber& n, TimePoint now, Profile profile);
// POST /phone-numbers/buy answer: dashed id, price in cents.
Json purchase_to_json(const PhoneNumber& n, Profile profile);
// "$5.0" for 500 cents.
std::string format_dollars(double cents);

}  // namespace bolna
