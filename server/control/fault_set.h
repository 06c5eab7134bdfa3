// FaultSet: one tenant's injected faults (POST /__emulator/faults) and the decision, per
// request, of which fault (if any) hits it. A fault matches a method ("*" for any) and a
// PathPattern; it answers with a status and body, waits delay_ms first, or drops the
// connection; it fires for the next `count` matching requests and/or with a seeded
// `probability`. Knows nothing about HTTP servers (the fault hook acts on the decision).
// Not thread-safe: guarded by the owning tenant's mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "control/path_pattern.h"
#include "common/json.h"

namespace bolna {

struct FaultSpec {
  std::string method = "*";  // upper case, or "*"
  PathPattern path;
  std::optional<int> status;  // answer with this status...
  Json body;                  // ...and this body (null: the error shape)
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
  int delay_ms = 0;                                          // wall-clock wait before anything else
  bool drop = false;                  // close the connection without a response
  std::optional<int64_t> count;       // fire this many times, then disappear
  std::optional<double> probability;  // fire with this probability per match
  uint64_t seed = 0;                  // seeds the probability's generator
};

// What the hook must do to one request.
struct FaultAction {
  std::string id;
  std::optional<int> status;
  std::string body;  // already serialized
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;
  bool drop = false;
};

class FaultSet {
 public:
  static constexpr size_t kMaxFaults = 100;
  static constexpr int kMaxDelayMs = 60000;

  // Validates a fault definition (the POST body). Throws std::invalid_argument with a
  // message naming the offending field. `random_seed` is used when the body has a
  // probability but no seed.
  static FaultSpec parse(const Json& body, uint64_t random_seed);

  // Adds a fault and returns its JSON view (with its new id "flt_N"). Throws
  // std::invalid_argument when kMaxFaults are already set.
  Json add(FaultSpec spec);

  // Decides for one request. Faults are tried in the order they were added; the first
  // whose method and path match and whose dice (if any) come up fires. Only faults that
  // are tried roll their dice. A fault whose count runs out is removed.
  std::optional<FaultAction> match(const std::string& method, const std::string& path,
                                   const std::string& route_pattern);

  // Removes one fault; false when there is none with that id.
  bool remove(const std::string& id);
  // Removes every fault; returns how many there were. Ids keep counting.
  size_t clear();
  // clear() and restart ids at flt_1 (tenant reset).
  void reset();

  // Every active fault, oldest first.
  Json to_json() const;
  size_t size() const { return faults_.size(); }

 private:
  struct Fault {
    std::string id;
    FaultSpec spec;
    std::optional<int64_t> remaining;
    int64_t matched = 0;  // requests that matched method and path
    int64_t hits = 0;     // requests it fired on
    std::mt19937_64 rng;
  };
  static Json fault_json(const Fault& f);

  std::vector<Fault> faults_;
  uint64_t next_id_ = 1;
};

// A uniform draw in [0, 1) from 53 bits of `rng` (the same on every platform).
double unit_draw(std::mt19937_64& rng);

}  // namespace bolna
