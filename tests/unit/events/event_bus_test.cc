// EventBus: scoping by tenant, the subscriber cap, the bounded queue (newest dropped and
// counted), lazy bodies, ids, close and unsubscribe.
#include "events/event_bus.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace bolna;
using namespace std::chrono_literals;

TEST_CASE("event bus: a tenant's subscriber sees its own events, an all-tenant one sees all") {
  EventBus bus;
  auto a = bus.subscribe(std::string("key-a"), false);
  auto all = bus.subscribe(std::nullopt, false);
  REQUIRE(a);
  REQUIRE(all);
  CHECK(bus.watched("key-a"));
  bus.publish("key-a", "status", Json{{"to", "queued"}});
  bus.publish("key-b", "status", Json{{"to", "ringing"}});

  EventBatch got_a = a->take(0ms);
  REQUIRE(got_a.events.size() == 1);
  CHECK(got_a.events[0]->type == "status");
  CHECK(got_a.events[0]->tenant == "key-a");
  Json data = Json::parse(got_a.events[0]->data);
  CHECK(data["to"] == "queued");
  CHECK(data["tenant"] == "key-a");

  EventBatch got_all = all->take(0ms);
  REQUIRE(got_all.events.size() == 2);
  CHECK(got_all.events[0]->id < got_all.events[1]->id);
  CHECK(got_all.events[1]->tenant == "key-b");
  CHECK(bus.published() == 2);
  CHECK(bus.delivered() == 3);
}

TEST_CASE("event bus: nobody watching means nothing is built or counted") {
  EventBus bus;
  CHECK_FALSE(bus.watched("key-a"));
  bool rendered = false;
  bus.publish("key-a", "status", Json::object(), [&] {
    rendered = true;
    return Json();
  });
  CHECK_FALSE(rendered);
  CHECK(bus.published() == 0);
  auto b = bus.subscribe(std::string("key-b"), true);
  CHECK_FALSE(bus.watched("key-a"));
  bus.publish("key-a", "status", Json::object(), [&] {
    rendered = true;
    return Json();
  });
  CHECK_FALSE(rendered);
  CHECK(bus.published() == 0);
}

TEST_CASE("event bus: bodies are rendered once, only for subscribers that asked") {
  EventBus bus;
  auto plain = bus.subscribe(std::string("k"), false);
  int renders = 0;
  bus.publish("k", "status", Json{{"to", "queued"}}, [&] {
    ++renders;
    return Json{{"id", "x"}};
  });
  CHECK(renders == 0);
  auto with_bodies = bus.subscribe(std::string("k"), true);
  auto with_bodies_too = bus.subscribe(std::string("k"), true);
  bus.publish("k", "status", Json{{"to", "ringing"}}, [&] {
    ++renders;
    return Json{{"id", "x"}};
  });
  CHECK(renders == 1);
  auto ev = with_bodies->take(0ms).events.at(0);
  CHECK(Json::parse(ev->data_with_body)["execution"]["id"] == "x");
  CHECK_FALSE(Json::parse(ev->data).contains("execution"));
  CHECK(with_bodies_too->take(0ms).events.at(0) == ev);  // one shared event
}

TEST_CASE("event bus: a full queue drops the newest events and reports how many") {
  EventBusOptions o;
  o.queue_limit = 3;
  EventBus bus(o);
  auto slow = bus.subscribe(std::string("k"), false);
  for (int i = 0; i < 10; ++i) bus.publish("k", "status", Json{{"n", i}});
  EventBatch b = slow->take(0ms);
  REQUIRE(b.events.size() == 3);
  CHECK(Json::parse(b.events[0]->data)["n"] == 0);
  CHECK(Json::parse(b.events[2]->data)["n"] == 2);
  CHECK(b.dropped == 7);
  CHECK(b.total_dropped == 7);
  CHECK(bus.dropped() == 7);
  // The queue has room again; the drop count restarts per take but the total stays.
  bus.publish("k", "status", Json{{"n", 10}});
  for (int i = 0; i < 4; ++i) bus.publish("k", "status", Json{{"n", 11 + i}});
  b = slow->take(0ms);
  CHECK(b.events.size() == 3);
  CHECK(b.dropped == 2);
  CHECK(b.total_dropped == 9);
}

TEST_CASE("event bus: at most max_subscribers; a released slot can be taken again") {
  EventBusOptions o;
  o.max_subscribers = 2;
  EventBus bus(o);
  auto s1 = bus.subscribe(std::string("k"), false);
  auto s2 = bus.subscribe(std::nullopt, false);
  CHECK(bus.subscribers() == 2);
  CHECK_FALSE(bus.subscribe(std::string("k"), false));
  CHECK(bus.refused() == 1);
  s2.reset();
  CHECK(bus.subscribers() == 1);
  CHECK_FALSE(bus.watched("other"));  // the all-tenant subscriber is gone
  auto s3 = bus.subscribe(std::string("k"), false);
  CHECK(s3);
}

TEST_CASE("event bus: take waits at most its timeout; close wakes and refuses") {
  EventBus bus;
  auto s = bus.subscribe(std::string("k"), false);
  auto started = std::chrono::steady_clock::now();
  EventBatch b = s->take(20ms);
  CHECK(b.events.empty());
  CHECK_FALSE(b.closed);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  bus.close();
  b = s->take(10s);  // returns at once: closed
  CHECK(b.closed);
  CHECK_FALSE(bus.subscribe(std::string("k"), false));
  bus.publish("k", "status", Json::object());
  CHECK(s->take(0ms).events.empty());
}

TEST_CASE("event bus: bytes that are not UTF-8 do not throw") {
  EventBus bus;
  auto s = bus.subscribe(std::string("k"), false);
  bus.publish("k", "status", Json{{"name", std::string("\xff\xfe")}});
  auto b = s->take(0ms);
  REQUIRE(b.events.size() == 1);
  CHECK(b.events[0]->data.find("\xef\xbf\xbd") != std::string::npos);
}
