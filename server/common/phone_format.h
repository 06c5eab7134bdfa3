// Phone number format checks (E.164) used by calls, batches and numbers. Pure.
#pragma once

#include <string>

namespace bolna {

// "+" followed by 7 to 15 digits, the first not 0.
bool is_e164(const std::string& number);

}  // namespace bolna
