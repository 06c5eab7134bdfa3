#include "scenarios/magic_numbers.h"

#include <cctype>

namespace bolna {

const std::vector<std::pair<std::string, std::string>>& magic_number_table() {
  static const std::vector<std::pair<std::string, std::string>> kTable = {
      {"00", "completed"},     {"10", "busy"},         {"11", "no-answer"},
      {"12", "failed"},        {"13", "error"},        {"14", "voicemail"},
      {"15", "hangup-early"},  {"16", "long-call"},    {"17", "slow-processing"},
      {"18", "busy-then-completed"}, {"19", "canceled"}, {"20", "balance-low"}};
  return kTable;
}

namespace {

bool all_digits(const std::string& s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::optional<std::string> magic_outcome(const std::string& n) {
  std::string last_two;
  // NANP: +1 NPA 555 01XX -> "+1" + 3 digits + "55501" + 2 digits (12 chars).
  if (n.size() == 12 && n.rfind("+1", 0) == 0 && all_digits(n.substr(1)) &&
      n.substr(5, 5) == "55501")
    last_two = n.substr(10, 2);
  // UK: +44 7700 900 XXX -> only 900 0XX is magic.
  else if (n.size() == 13 && n.rfind("+447700900", 0) == 0 && all_digits(n.substr(1)) &&
           n[10] == '0')
    last_two = n.substr(11, 2);
  else
    return std::nullopt;
  for (const auto& [digits, outcome] : magic_number_table())
    if (digits == last_two) return outcome;
  return std::nullopt;
}

}  // namespace bolna
