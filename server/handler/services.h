// Services: the shared parts of a running emulator that handler groups need besides the
// request itself. Built by App, which owns every member and outlives all handlers;
// each member documents its own thread safety. Forward declarations only: a route file
// includes the headers of the members it uses.
#pragma once

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace bolna {

namespace metrics {
class EmulatorMetrics;
}  // namespace metrics

struct Config;
class EventBus;
class TenantRegistry;
class WebhookDispatcher;
class WebhookSink;

struct Services {
  const Config& config;
  TenantRegistry& tenants;      // thread-safe
  boost::asio::io_context& io;  // timers run here, on App's timer thread
  WebhookDispatcher& webhooks;  // thread-safe
  WebhookSink& sink;            // thread-safe
  EventBus& events;             // thread-safe: the dashboard's live stream
  metrics::EmulatorMetrics& metrics;  // thread-safe: GET /__emulator/metrics
};

}  // namespace bolna
