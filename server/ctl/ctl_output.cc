#include "ctl/ctl_output.h"

#include <algorithm>
#include <regex>

namespace bolna::ctl {

void Table::print(std::ostream& out) const {
  std::vector<size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) text += "  ";
      text += row[i];
      if (i + 1 < row.size() && row[i].size() < widths[i])
        text.append(widths[i] - row[i].size(), ' ');
    }
    out << text << "\n";
  };
  line(header_);
  for (const auto& row : rows_) line(row);
}

std::string cell(const Json& value) {
  if (value.is_null()) return "-";
  if (value.is_string())
    return value.get_ref<const std::string&>().empty() ? "-" : value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

std::string cell(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "-";
  return cell(object[key]);
}

std::string short_time(const Json& value) {
  if (!value.is_string()) return cell(value);
  static const std::regex kIso(
      R"(^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d{1,3})?\d*(\+00:00|Z)?$)");
  std::smatch m;
  const std::string& text = value.get_ref<const std::string&>();
  if (!std::regex_match(text, m, kIso)) return text;
  return m[1].str() + " " + m[2].str() + m[3].str();
}

void print_json(std::ostream& out, const Json& value) { out << value.dump(2) << "\n"; }

}  // namespace bolna::ctl
