#include "common/ids.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <algorithm>
#include <functional>

namespace bolna {

IdGenerator::IdGenerator(uint64_t seed) : engine_(seed) {}

std::string IdGenerator::uuid() {
  boost::uuids::basic_random_generator<std::mt19937_64> gen(engine_);
  return boost::uuids::to_string(gen());
}

std::string IdGenerator::hex32() {
  std::string s = uuid();
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

uint64_t tenant_seed(const std::string& key, const uint64_t* global_seed) {
  if (!global_seed) {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }
  // FNV-1a over the key, mixed with the seed: stable across runs and platforms.
  uint64_t h = 1469598103934665603ULL ^ *global_seed;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace bolna
