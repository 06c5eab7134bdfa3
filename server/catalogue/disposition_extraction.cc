#include "catalogue/disposition_extraction.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

namespace bolna {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

std::string last_customer_line(const std::string& transcript) {
  std::istringstream in(transcript);
  std::string line, last, last_any;
  while (std::getline(in, line)) {
    std::string t = trim(line);
    if (t.empty()) continue;
    last_any = t;
    std::string l = lower(t);
    for (const char* who : {"user:", "customer:", "caller:"})
      if (l.rfind(who, 0) == 0) last = trim(t.substr(std::string(who).size()));
  }
  std::string out = last.empty() ? last_any : last;
  return out.size() > 200 ? out.substr(0, 200) : out;
}

std::string first_match(const std::string& text, const std::string& pattern) {
  try {
    std::smatch m;
    if (std::regex_search(text, m, std::regex(pattern))) return m.str(0);
  } catch (const std::exception&) {
  }
  return "";
}

std::string subjective_answer(const Json& f, const std::string& transcript,
                              const std::string& call_date) {
  if (f.value("is_subjective", false) != true) return "";
  std::string type = f.value("subjective_type", "text");
  if (type == "numeric") return first_match(transcript, R"(\d+(\.\d+)?)");
  if (type == "email")
    return first_match(transcript, R"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})");
  if (type == "boolean")
    return lower(transcript).find("yes") != std::string::npos ? "true" : "false";
  if (type == "timestamp") return call_date;
  if (type == "regex" && f["subjective_type_config"].is_object())
    return first_match(transcript, f["subjective_type_config"].value("pattern", ""));
  return last_customer_line(transcript);
}

std::string objective_answer(const Json& f, const std::string& transcript) {
  if (f.value("is_objective", false) != true || !f["objective_options"].is_array() ||
      f["objective_options"].empty())
    return "";
  std::string text = lower(transcript);
  for (const Json& o : f["objective_options"]) {
    std::string value = lower(o.value("value", ""));
    std::replace(value.begin(), value.end(), '_', ' ');
    if (!value.empty() && text.find(value) != std::string::npos) return o.value("value", "");
  }
  return f["objective_options"].back().value("value", "");
}

}  // namespace

Json extract_dispositions(const std::vector<const Disposition*>& dispositions,
                          const std::string& transcript, const std::string& call_date) {
  Json out = Json::object();
  for (const Disposition* d : dispositions) {
    const Json& f = d->fields;
    std::string category = f.value("category", "General");
    out[category][f.value("name", "")] =
        Json{{"subjective", subjective_answer(f, transcript, call_date)},
             {"objective", objective_answer(f, transcript)}};
  }
  return out;
}

}  // namespace bolna
