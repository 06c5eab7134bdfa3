#include "app/memory_trimmer.h"

#include <malloc.h>

#include <cstdlib>

namespace bolna {

bool limit_malloc_arenas(int max_arenas) {
  if (max_arenas <= 0 || std::getenv("MALLOC_ARENA_MAX") != nullptr) return false;
#ifdef M_ARENA_MAX
  return mallopt(M_ARENA_MAX, max_arenas) == 1;
#else
  return false;
#endif
}

bool trim_free_memory() {
#if defined(__GLIBC__)
  return malloc_trim(0) == 1;
#else
  return false;
#endif
}

MemoryTrimmer::MemoryTrimmer(std::chrono::milliseconds interval) : interval_(interval) {
  if (interval_.count() > 0) thread_ = std::thread([this] { loop(); });
}

MemoryTrimmer::~MemoryTrimmer() { stop(); }

void MemoryTrimmer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

size_t MemoryTrimmer::trims() const {
  std::lock_guard lock(mu_);
  return trims_;
}

void MemoryTrimmer::loop() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    trim_free_memory();
    lock.lock();
    trims_ += 1;
  }
}

}  // namespace bolna
