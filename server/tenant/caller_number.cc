#include "tenant/caller_number.h"

namespace bolna {

Status check_caller_number(const Tenant& t, const std::string& number, const std::string& label) {
  if (t.owns_number(number)) return Status::OK();
  return Status::Invalid(label + number +
                         " is not a phone number of your account (see GET /phone-numbers/all)");
}

Result<std::string> default_caller_number(const Tenant& t, const std::string& field) {
  std::string number = t.default_number();
  if (number.empty())
    return Status::Invalid(
        "Your account has no phone number: buy one (POST /phone-numbers/buy) or pass " + field);
  return number;
}

}  // namespace bolna
