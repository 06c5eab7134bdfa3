#include "clock/scheduler.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace bolna;
using namespace std::chrono;

TEST_CASE("scheduler: earliest first, same instant in scheduling order, cancel skips") {
  Scheduler s;
  TimePoint t0(seconds(1000));
  std::vector<std::string> ran;
  s.schedule(t0 + seconds(5), [&]() { ran.push_back("b"); });
  s.schedule(t0 + seconds(1), [&]() { ran.push_back("a"); });
  TaskId c = s.schedule(t0 + seconds(5), [&]() { ran.push_back("c"); });
  s.schedule(t0 + seconds(5), [&]() { ran.push_back("d"); });
  s.cancel(c);
  CHECK(s.pending() == 3);
  CHECK(*s.next_due() == t0 + seconds(1));
  TimePoint at;
  TaskFn fn;
  while (s.pop_due(t0 + seconds(10), &at, &fn)) fn();
  CHECK(ran == std::vector<std::string>{"a", "b", "d"});
  CHECK_FALSE(s.next_due());
}

TEST_CASE("scheduler: pop_due respects the limit, earliest-changed fires only for a new earliest") {
  Scheduler s;
  int notified = 0;
  s.on_earliest_changed = [&] { ++notified; };
  TimePoint t0(seconds(1000));
  s.schedule(t0 + seconds(10), []() {});
  s.schedule(t0 + seconds(20), []() {});
  s.schedule(t0 + seconds(5), []() {});
  CHECK(notified == 2);
  TimePoint at;
  TaskFn fn;
  CHECK(s.pop_due(t0 + seconds(5), &at, &fn));
  CHECK(at == t0 + seconds(5));
  CHECK_FALSE(s.pop_due(t0 + seconds(9), &at, &fn));
}
