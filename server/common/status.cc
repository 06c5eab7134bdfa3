// Out-of-line members of Status (common/status.h).
#include "common/status.h"

namespace bolna {

Status Status::InvalidIf(std::string message) {
  return message.empty() ? OK() : Invalid(std::move(message));
}

}  // namespace bolna
