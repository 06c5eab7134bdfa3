// IdGenerator: makes the ids the emulator hands out (dashed UUIDs, 32-hex ids) and
// random draws, from one seeded generator, so a fixed seed gives the same ids for the
// same sequence of requests. Not thread-safe: each tenant owns one, under its mutex.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace bolna {

class IdGenerator {
 public:
  explicit IdGenerator(uint64_t seed);

  std::string uuid();   // "3c90c3cc-0d44-4b50-8888-8dd25736052a" (version 4)
  std::string hex32();  // "3c90c3cc0d444b5088888dd25736052a"
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

// A seed for a tenant: derived from the global seed and the key when a seed is set
// (so tenants are independent of each other's traffic), random otherwise.
uint64_t tenant_seed(const std::string& key, const uint64_t* global_seed);

}  // namespace bolna
