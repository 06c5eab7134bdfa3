// RealtimeDriver's lag observer: when due work starts running, the driver reports how late
// it started (wall time past its due moment), never a negative lag. A fake Clocked stands in
// for a tenant; the wait is bounded and on work due a few milliseconds ahead.
#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "clock/realtime_driver.h"

using namespace bolna;

namespace {

// Due once, 5 ms after attach; then nothing.
class OneShot : public Clocked {
 public:
  std::optional<TimePoint> run_realtime_due(size_t) override {
    std::lock_guard l(mu);
    if (!due) {
      due = wall_now() + Micros(5000);
      return due;
    }
    if (wall_now() >= *due) {
      ran = true;
      return std::nullopt;
    }
    return due;
  }
  void set_wake(std::function<void()> w) override { wake = std::move(w); }
  std::mutex mu;
  std::optional<TimePoint> due;
  std::atomic<bool> ran{false};
  std::function<void()> wake;
};

}  // namespace

TEST_CASE("realtime driver: the lag observer sees how late due work started") {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::mutex mu;
  std::vector<Micros> lags;
  {
    RealtimeDriver driver(io);
    driver.set_lag_observer([&](Micros lag) {
      std::lock_guard l(mu);
      lags.push_back(lag);
    });
    auto owner = std::make_shared<OneShot>();
    driver.attach(owner);
    std::thread t([&] { io.run(); });
    for (int i = 0; i < 400 && !owner->ran; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    guard.reset();
    io.stop();
    t.join();
    CHECK(owner->ran);
  }
  std::lock_guard l(mu);
  REQUIRE(lags.size() >= 1);
  for (Micros lag : lags) CHECK(lag.count() >= 0);
  CHECK(lags.back() < std::chrono::seconds(2));
}
