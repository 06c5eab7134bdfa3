#include "common/phone_format.h"

#include <cctype>

namespace bolna {

bool is_e164(const std::string& n) {
  if (n.size() < 9 || n.size() > 16 || n[0] != '+' || n[1] == '0') return false;
  for (size_t i = 1; i < n.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(n[i]))) return false;
  return true;
}

}  // namespace bolna
