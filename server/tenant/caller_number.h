// The caller-number rules shared by POST /call and POST /batches, in one place: a
// from number that is given must belong to the account (a number it bought, its default
// number, or a number on one of its SIP trunks); when none is given the account's default
// number is dialled from, and an account without any number is refused. Pure functions
// of the tenant; the caller holds the tenant's mutex.
#pragma once

#include <string>

#include "common/status.h"
#include "tenant/tenant.h"

namespace bolna {

// OK when `number` is the account's. Otherwise Invalid: "<label><number> is not a phone
// number of your account (see GET /phone-numbers/all)", where `label` names the field as
// the message should show it ("from_phone_number " or "from_phone_numbers: ").
Status check_caller_number(const Tenant& t, const std::string& number, const std::string& label);

// The account's default number, or Invalid ("Your account has no phone number: buy one
// (POST /phone-numbers/buy) or pass <field>") when it has none left.
Result<std::string> default_caller_number(const Tenant& t, const std::string& field);

}  // namespace bolna
