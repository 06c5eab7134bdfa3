// Services: the shared parts of a running emulator that handler groups need besides the
// request itself. Built by App, which owns every member and outlives all handlers;
// each member documents its own thread safety.
#pragma once

#include <boost/asio/io_context.hpp>

#include "common/config.h"
#include "tenant/tenant_registry.h"
#include "webhooks/webhook_dispatcher.h"
#include "webhooks/webhook_sink.h"

namespace bolna {

struct Services {
  const Config& config;
  TenantRegistry& tenants;
  boost::asio::io_context& io;  // timers run here, on App's timer thread
  WebhookDispatcher& webhooks;  // thread-safe
  WebhookSink& sink;            // thread-safe
};

}  // namespace bolna
