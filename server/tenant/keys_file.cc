#include "tenant/keys_file.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bolna {

std::map<std::string, DeclaredKey> parse_keys(const std::string& text) {
  std::map<std::string, DeclaredKey> keys;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string key, flag, extra;
    if (!(words >> key)) continue;
    words >> flag >> extra;
    if (!extra.empty() || (!flag.empty() && flag != "read-only" && flag != "readonly"))
      throw std::runtime_error("line " + std::to_string(number) +
                               ": expected '<key>' or '<key> read-only'");
    keys[key].read_only = !flag.empty();
  }
  return keys;
}

std::map<std::string, DeclaredKey> load_keys_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read keys file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return parse_keys(buffer.str());
  } catch (const std::exception& e) {
    throw std::runtime_error("keys file " + path + ": " + e.what());
  }
}

}  // namespace bolna
