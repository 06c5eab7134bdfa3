// Phone number format checks (E.164) used by calls, batches and numbers. Pure.
#pragma once

#include <string>

namespace bolna {

// "+" followed by 8 to 15 digits, the first not 0 (the one definition of the rule:
// calls, batches, numbers, SIP trunks and violations all use it).
bool is_e164(const std::string& number);

}  // namespace bolna
