#include "clock/virtual_clock.h"

#include <doctest/doctest.h>

using namespace bolna;
using namespace std::chrono;

namespace {
struct FakeWall {
  TimePoint t = TimePoint(seconds(1'000'000));
  TimePoint operator()() const { return t; }
};
}  // namespace

TEST_CASE("clock: manual stands still until advanced") {
  auto wall = std::make_shared<FakeWall>();
  VirtualClock c(ClockMode::kManual, 1.0, [wall] { return (*wall)(); });
  TimePoint start = c.now();
  wall->t += seconds(100);
  CHECK(c.now() == start);
  c.advance(seconds(30));
  CHECK(c.now() == start + seconds(30));
}

TEST_CASE("clock: realtime follows the wall whatever the speed; the speed compresses delays") {
  auto wall = std::make_shared<FakeWall>();
  VirtualClock c(ClockMode::kRealtime, 10.0, [wall] { return (*wall)(); });
  TimePoint start = c.now();
  wall->t += seconds(3);
  CHECK(c.now() == start + seconds(3));  // coherent with the client's own clock
  CHECK(c.wall_time_for(start + seconds(5)) == wall->t + seconds(2));
  CHECK(c.compress(seconds(60)) == seconds(6));
  CHECK(c.compress(milliseconds(42600)) == milliseconds(4260));
  c.set_mode(ClockMode::kManual, 0);
  CHECK(c.compress(seconds(60)) == seconds(60));  // a test moves manual time itself
}

TEST_CASE("clock: switching mode keeps virtual time continuous") {
  auto wall = std::make_shared<FakeWall>();
  VirtualClock c(ClockMode::kRealtime, 2.0, [wall] { return (*wall)(); });
  TimePoint start = c.now();
  wall->t += seconds(5);
  c.set_mode(ClockMode::kManual, 0);
  CHECK(c.now() == start + seconds(5));  // realtime follows the wall whatever the speed
  wall->t += seconds(5);
  CHECK(c.now() == start + seconds(5));
  c.set_mode(ClockMode::kRealtime, 1.0);
  wall->t += seconds(1);
  CHECK(c.now() == start + seconds(6));
}
