// GET /__emulator/stream: the live event stream (server-sent events) of one tenant (by
// key: Bearer header or ?key=, since EventSource cannot send headers) or, with the admin
// token (X-Emulator-Admin-Token or ?admin_token=), of every tenant. README "Stream format".
//
// Each stream holds the thread it runs on while it is open (httplib's chunked content
// provider runs on the worker), so it hands its worker off (the connection engine starts a
// replacement, and --threads workers stay free for other requests), and streams are
// bounded: at most EventBus::max_subscribers at once (--stream-max-subscribers; one more is
// a 503 with Retry-After), each ends after --stream-max-seconds with a `bye` event, and a client that
// went away is noticed at the next write (a keep-alive comment every kHeartbeat). Between
// writes the provider waits at most kPoll, so a server stop ends every stream promptly.
#include <chrono>
#include <memory>

#include "common/config.h"
#include "control/routes/routes.h"
#include "events/event_bus.h"
#include "http/api_error.h"
#include "http/connection_engine.h"
#include "http/request_context.h"
#include "tenant/tenant_registry.h"

namespace bolna {

namespace {

constexpr auto kPoll = std::chrono::milliseconds(500);
constexpr auto kHeartbeat = std::chrono::seconds(5);
constexpr int kRetryMs = 2000;

struct StreamState {
  std::shared_ptr<EventSubscription> subscription;
  std::chrono::steady_clock::time_point deadline;
  std::chrono::steady_clock::time_point last_write;
  std::string hello;  // written first
  bool started = false;
  bool finished = false;
};

std::string sse(const std::string& event, const std::string& data, uint64_t id = 0) {
  std::string out;
  if (id) out += "id: " + std::to_string(id) + "\n";
  return out + "event: " + event + "\ndata: " + data + "\n\n";
}

bool truthy(const std::optional<std::string>& v) {
  return v && (*v == "1" || *v == "true" || *v == "yes");
}

void stream(RequestContext& ctx, Services& services) {
  const Config& config = services.config;
  std::string key = ctx.api_key;
  if (key.empty()) key = ctx.query("key").value_or("");
  bool admin = ctx.admin || (!config.admin_token.empty() &&
                             ctx.query("admin_token").value_or("") == config.admin_token);
  std::optional<std::string> scope;
  if (!key.empty()) {
    auto tenant = services.tenants.find_or_create(key);
    if (!tenant) throw api_error(401, "Access denied");
    scope = tenant->key();
  } else if (!admin) {
    throw api_error(401, config.admin_token.empty()
                             ? "Send an API key (Authorization: Bearer <key>, or ?key=<key> "
                               "for EventSource)"
                             : "Send an API key (Authorization: Bearer <key>, or ?key=<key>) or "
                               "the admin token (X-Emulator-Admin-Token, or ?admin_token=)");
  }
  bool bodies = truthy(ctx.query("bodies"));
  auto subscription = services.events.subscribe(scope, bodies);
  if (!subscription) {
    ApiError e =
        api_error(503, "Too many event streams open (at most " +
                           std::to_string(services.events.options().max_subscribers) +
                           "; --stream-max-subscribers)");
    e.headers.emplace_back("Retry-After", "5");
    throw e;
  }
  ConnectionEngine::hand_off_current_worker();  // the stream keeps this thread
  auto state = std::make_shared<StreamState>();
  state->subscription = std::move(subscription);
  auto now = std::chrono::steady_clock::now();
  state->deadline = now + std::chrono::seconds(config.stream_max_seconds);
  state->last_write = now;
  state->hello = "retry: " + std::to_string(kRetryMs) + "\n\n" +
                 sse("hello", Json{{"scope", scope ? "tenant" : "all"},
                                   {"bodies", bodies},
                                   {"queue_limit", services.events.options().queue_limit},
                                   {"max_seconds", config.stream_max_seconds},
                                   {"heartbeat_seconds", kHeartbeat.count()}}
                                  .dump());

  ctx.res.status = 200;
  ctx.res.set_header("Cache-Control", "no-cache");
  ctx.res.set_header("X-Accel-Buffering", "no");
  ctx.res.set_chunked_content_provider(
      "text/event-stream",
      [state](size_t, httplib::DataSink& sink) {
        if (state->finished) return false;
        auto write = [&](const std::string& text) {
          state->last_write = std::chrono::steady_clock::now();
          return sink.write(text.data(), text.size());
        };
        auto finish = [&](std::string text, const char* reason) {
          text += sse("bye", Json{{"reason", reason}}.dump());
          bool ok = write(text);
          state->finished = true;
          state->subscription.reset();  // frees the slot now, not when httplib lets go
          if (ok) sink.done();
          return ok;
        };
        if (!state->started) {
          state->started = true;
          return write(state->hello);
        }
        auto now = std::chrono::steady_clock::now();
        if (now >= state->deadline) return finish("", "max_seconds");
        auto wait = std::min<std::chrono::steady_clock::duration>(kPoll, state->deadline - now);
        EventBatch batch =
            state->subscription->take(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
        std::string out;
        if (batch.dropped)
          out +=
              sse("dropped",
                  Json{{"dropped", batch.dropped}, {"total_dropped", batch.total_dropped}}.dump());
        bool bodies = state->subscription->bodies();
        for (const auto& ev : batch.events)
          out += sse(ev->type,
                     bodies && !ev->data_with_body.empty() ? ev->data_with_body : ev->data, ev->id);
        if (batch.closed) return finish(std::move(out), "shutdown");
        if (out.empty() && std::chrono::steady_clock::now() - state->last_write >= kHeartbeat)
          out = ": keepalive\n\n";
        if (out.empty()) return true;
        return write(out);
      },
      [state](bool) {
        state->finished = true;
        state->subscription.reset();
      });
}

}  // namespace

void register_stream_routes(Router& router, Services& services) {
  RouteOptions open;
  open.requires_key = false;  // the key may come as ?key= (EventSource sends no headers)
  open.lock_tenant = false;   // never hold a tenant's lock while streaming
  open.control = true;
  router.add(
      "GET", "/__emulator/stream", [&services](RequestContext& c) { stream(c, services); }, open);
}

}  // namespace bolna
