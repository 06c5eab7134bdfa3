// TenantRegistry under concurrent first use of one key: every caller gets the same
// tenant, and only after on_create has wired it (the publication race of issue 11: a
// tenant published before its status listeners were attached). Run under TSan
// (scripts/sanitize.sh tsan) this also proves the wiring and the reads are ordered.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tenant/tenant_registry.h"

using namespace bolna;

TEST_CASE("tenant registry: concurrent first uses of a key all see one fully wired tenant") {
  TenantRegistry registry(std::nullopt, 7, TenantSettings{});
  std::atomic<int> created{0};
  std::atomic<size_t> wired{0};  // listeners of a fully wired tenant (its own + ours)
  registry.on_create = [&](const std::shared_ptr<Tenant>& t) {
    ++created;
    // What App's on_create does: attach listeners to the tenant's plain vectors.
    for (int i = 0; i < 3; ++i)
      t->status_listeners.push_back([](CallAccount&, const Execution&, const StatusChange&) {});
    wired = t->status_listeners.size();
  };
  constexpr int kThreads = 8;
  for (int round = 0; round < 20; ++round) {
    const std::string key = "race-" + std::to_string(round);
    std::atomic<bool> go{false};
    std::vector<std::shared_ptr<Tenant>> seen(kThreads);
    std::vector<size_t> listeners(kThreads, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
      threads.emplace_back([&, i] {
        while (!go) std::this_thread::yield();
        seen[static_cast<size_t>(i)] = registry.find_or_create(key);
        // Read without the tenant's mutex, as the status-change path iterates listeners.
        listeners[static_cast<size_t>(i)] = seen[static_cast<size_t>(i)]->status_listeners.size();
      });
    go = true;
    for (auto& t : threads) t.join();
    for (int i = 0; i < kThreads; ++i) {
      CHECK(seen[static_cast<size_t>(i)] == seen[0]);
      CHECK(listeners[static_cast<size_t>(i)] == wired.load());
    }
  }
  CHECK(created == 20);
}
