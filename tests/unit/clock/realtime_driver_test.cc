// Issue #14 item 5: nothing thrown while the realtime driver runs due work may escape
// into the io thread (it would end the process); the driver keeps serving other clocks.
#include "clock/realtime_driver.h"

#include <doctest/doctest.h>

#include <boost/asio/executor_work_guard.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

using namespace bolna;

namespace {

// A Clocked whose due work is done at once; `throws` makes every run fail.
class FakeClocked : public Clocked {
 public:
  explicit FakeClocked(bool throws) : throws_(throws) {}
  std::optional<TimePoint> run_realtime_due(size_t) override {
    ++runs;
    if (throws_) throw std::runtime_error("due work failed");
    return std::nullopt;
  }
  void set_wake(std::function<void()> wake) override { wake_ = std::move(wake); }
  std::atomic<int> runs{0};

 private:
  bool throws_;
  std::function<void()> wake_;
};

bool wait_until(const std::function<bool()>& done) {
  for (int i = 0; i < 1000 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return done();
}

}  // namespace

TEST_CASE("realtime driver: an owner whose due work throws does not stop the io thread") {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::atomic<bool> io_failed{false};
  std::thread thread([&] {
    try {
      io.run();
    } catch (...) {
      io_failed = true;
    }
  });
  {
    RealtimeDriver driver(io);
    auto bad = std::make_shared<FakeClocked>(true);
    auto good = std::make_shared<FakeClocked>(false);
    driver.attach(bad);
    driver.attach(good);
    CHECK(wait_until([&] { return bad->runs >= 1 && good->runs >= 1; }));
    CHECK(driver.entries_for_test() == 2);  // the io thread still answers
    CHECK_FALSE(io_failed);
    guard.reset();
    io.stop();
    thread.join();
  }
  CHECK_FALSE(io_failed);
}
