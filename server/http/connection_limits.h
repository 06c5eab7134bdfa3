// ConnectionLimits and ConnectionStats: the settings and counters of the HTTP connection
// layer (http/connection_engine.h), in a small header of its own so that including the
// HTTP server does not pull in the engine. Plain data.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "http/request_head.h"

namespace bolna {

// Time limits and sizes of the connection layer (from Config; see README "HTTP connections").
struct ConnectionLimits {
  HeadLimits head;
  std::chrono::milliseconds header_timeout{10'000};      // first byte of a head -> whole head
  std::chrono::milliseconds keep_alive_timeout{5'000};   // idle between requests
  std::chrono::milliseconds body_timeout{10'000};        // a body's grace before the rate applies
  size_t min_body_rate = 1024;                           // bytes/s a body must average after that
  std::chrono::milliseconds read_timeout{5'000};         // no byte at all while reading a body
  std::chrono::milliseconds write_timeout{5'000};        // the client accepts no byte of a response
  size_t prebuffer_body_bytes = 64 * 1024;  // bodies up to this size are read before a worker runs
  size_t max_connections = 1024;
  size_t keep_alive_max_count = 1000;
};

struct ConnectionStats {
  size_t open = 0;         // connections held (parked + busy)
  size_t busy = 0;         // being served by a worker
  uint64_t accepted = 0;
  uint64_t evicted = 0;    // closed to make room at --max-connections
  uint64_t timed_out = 0;  // closed by a deadline (408 or idle)
  uint64_t refused = 0;    // 503: no room
};

}  // namespace bolna
