// Memory trimming: keeps the process's resident memory close to what it holds.
//
// glibc's malloc keeps freed memory in its arenas (by default up to 8 per core, one taken
// by each thread that allocates) and gives pages back to the system only from the top of
// a heap. Under a long mixed load (bench/soak.sh) resident memory then follows the history
// of allocations rather than the live data. limit_malloc_arenas() caps the arenas, and a
// MemoryTrimmer returns the free pages of every arena (malloc_trim) on a timer. README
// "Options": --malloc-arena-max, --memory-trim-interval.
//
// Thread safety: limit_malloc_arenas() and trim_free_memory() may be called from any
// thread (glibc locks each arena); limit_malloc_arenas() only affects arenas created after
// it, so main() calls it before any thread starts. A MemoryTrimmer owns one thread, started
// by its constructor and joined by its destructor (or stop(), idempotent, any thread).
// Neither throws.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace bolna {

// Caps glibc's malloc at `max_arenas` arenas (mallopt M_ARENA_MAX). 0 leaves glibc's
// default; so does a MALLOC_ARENA_MAX environment variable, which wins (glibc reads it).
// Returns whether the cap was applied.
bool limit_malloc_arenas(int max_arenas);

// Gives the free pages of every arena back to the system (malloc_trim(0)). Returns whether
// any memory was released.
bool trim_free_memory();

class MemoryTrimmer {
 public:
  // Calls trim_free_memory() every `interval` from a thread of its own until stopped.
  // A zero or negative interval starts no thread and never trims.
  explicit MemoryTrimmer(std::chrono::milliseconds interval);
  ~MemoryTrimmer();
  MemoryTrimmer(const MemoryTrimmer&) = delete;
  MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

  // Ends the thread without waiting for the next tick.
  void stop();
  // Trims done so far (for tests).
  size_t trims() const;

 private:
  void loop();

  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // under mu_
  size_t trims_ = 0;       // under mu_
  std::thread thread_;
};

}  // namespace bolna
