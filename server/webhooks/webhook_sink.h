// WebhookSink: the emulator's built-in webhook receiver (POST /__emulator/sink/{name}).
// Stores the bodies it receives per sink name, in arrival order, so a test can point a
// webhook_url at the emulator itself and read what arrived. Global (not per tenant:
// a webhook carries no API key). Bounded: kSinkBodyLimit bodies per name (the oldest
// are dropped) and kSinkNameLimit names. Thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "common/json.h"

namespace bolna {

inline constexpr size_t kSinkBodyLimit = 1000;
inline constexpr size_t kSinkNameLimit = 1000;

class WebhookSink {
 public:
  // Stores one body (parsed JSON, or the raw text when it is not JSON). Returns false
  // when `name` is new and kSinkNameLimit names exist already.
  bool receive(const std::string& name, const std::string& body);
  // {"name", "received" (total ever), "dropped", "bodies": [...]}; empty for an unknown name.
  Json get(const std::string& name) const;
  // Forgets one name's bodies (clear) or every name (clear_all).
  void clear(const std::string& name);
  void clear_all();

 private:
  struct Box {
    std::deque<Json> bodies;
    size_t received = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Box> boxes_;
};

}  // namespace bolna
