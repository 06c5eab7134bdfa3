// app/memory_trimmer.h: the arena cap, malloc_trim giving free pages back, the trimmer
// thread, and the --malloc-arena-max / --memory-trim-interval options.
#include "app/memory_trimmer.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "app/options.h"
#include "app/parse_args.h"
#include "metrics/emulator_metrics.h"

using namespace bolna;
using bolna::testing::parse_args;

namespace {

// Sanitizers bring their own malloc: glibc's mallopt and malloc_trim then act on nothing.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

double resident_bytes() { return metrics::read_process_stats().resident_bytes.value_or(0); }

}  // namespace

TEST_CASE("memory: trimming gives back free pages that free() keeps between live blocks") {
  // 32 MiB of 4 KiB blocks (below the mmap threshold, so on the heap), every 16th kept:
  // the freed ones sit between live blocks, where free() cannot give them back.
  constexpr size_t kBlock = 4096, kBlocks = 8192;
  std::vector<char*> blocks;
  for (size_t i = 0; i < kBlocks; ++i) {
    char* p = static_cast<char*>(std::malloc(kBlock));
    REQUIRE(p != nullptr);
    std::memset(p, 0x5a, kBlock);  // resident
    blocks.push_back(p);
  }
  for (size_t i = 0; i < kBlocks; ++i)
    if (i % 16 != 15) std::free(blocks[i]);
  double before = resident_bytes();
  trim_free_memory();
  double after = resident_bytes();
  for (size_t i = 15; i < kBlocks; i += 16) std::free(blocks[i]);
  // Under sanitizers malloc is theirs, not glibc's, and trimming finds nothing to give back.
  if (!kSanitized) CHECK(before - after > 16.0 * (1 << 20));
}

TEST_CASE("memory: the arena cap is applied unless 0 or MALLOC_ARENA_MAX decides") {
  unsetenv("MALLOC_ARENA_MAX");
  CHECK_FALSE(limit_malloc_arenas(0));
  bool applied = limit_malloc_arenas(64);
  if (!kSanitized) CHECK(applied);  // sanitizers' mallopt may do nothing
  setenv("MALLOC_ARENA_MAX", "4", 1);
  CHECK_FALSE(limit_malloc_arenas(2));
  unsetenv("MALLOC_ARENA_MAX");
}

TEST_CASE("memory: the trimmer trims on its interval until stopped; 0 starts nothing") {
  {
    MemoryTrimmer off(std::chrono::milliseconds(0));
    off.stop();
    CHECK(off.trims() == 0);
  }
  MemoryTrimmer trimmer(std::chrono::milliseconds(1));
  // Bounded: 1 ms ticks, at most 10 s for two of them on a loaded machine.
  for (int i = 0; i < 1000 && trimmer.trims() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(trimmer.trims() >= 2);
  trimmer.stop();
  size_t stopped_at = trimmer.trims();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(trimmer.trims() == stopped_at);
  trimmer.stop();  // idempotent
  // A long interval does not hold up stop(): the wait is interrupted, not slept out.
  auto start = std::chrono::steady_clock::now();
  { MemoryTrimmer slow(std::chrono::hours(1)); }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("options: --malloc-arena-max and --memory-trim-interval, defaults and env twins") {
  unsetenv("BOLNA_EMULATOR_MALLOC_ARENA_MAX");
  unsetenv("BOLNA_EMULATOR_MEMORY_TRIM_INTERVAL");
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.malloc_arena_max == 2);
    CHECK(c.memory_trim_interval == 1.0);
  }
  {
    Config c;
    CHECK(parse_args({"--malloc-arena-max", "0", "--memory-trim-interval", "0.5"}, &c) == -1);
    CHECK(c.malloc_arena_max == 0);
    CHECK(c.memory_trim_interval == 0.5);
  }
  setenv("BOLNA_EMULATOR_MALLOC_ARENA_MAX", "3", 1);
  setenv("BOLNA_EMULATOR_MEMORY_TRIM_INTERVAL", "0", 1);
  {
    Config c;
    CHECK(parse_args({}, &c) == -1);
    CHECK(c.malloc_arena_max == 3);
    CHECK(c.memory_trim_interval == 0.0);
  }
  unsetenv("BOLNA_EMULATOR_MALLOC_ARENA_MAX");
  unsetenv("BOLNA_EMULATOR_MEMORY_TRIM_INTERVAL");
  {
    Config c;
    CHECK(parse_args({"--memory-trim-interval", "-1"}, &c) != -1);  // out of range
    CHECK(parse_args({"--malloc-arena-max", "5000"}, &c) != -1);
  }
}
