// HttpServer: the HTTP layer. Owns the cpp-httplib server and the connection engine
// (http/connection_engine.h: which connection gets a worker thread, deadlines, limits of
// the request head, pipelining), sends every request through one dispatcher (route match
// -> 404/405, auth -> 401/403 per profile, read-only keys, hooks, body limits applied
// while the body is read, account lock, handler, error bodies, one log line) and knows
// nothing about calls or agents. Create, add routes to router(), bind(), then listen()
// on one thread; stop() from any thread.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "http/account_directory.h"
#include "http/connection_limits.h"
#include "http/in_process.h"
#include "http/request_hook.h"
#include "http/router.h"

namespace bolna {

class AccessLog;
class BodyReader;
class ConnectionEngine;

class HttpServer {
 public:
  // `accounts` resolves Bearer keys; it must outlive the server.
  HttpServer(const Config& config, AccountDirectory& accounts);
  ~HttpServer();

  Router& router() { return router_; }
  // Hooks run in the order added. Add before bind().
  void add_hook(std::shared_ptr<RequestHook> hook) { hooks_.push_back(std::move(hook)); }

  // Binds config.host:config.port (0 = any free port). Returns the bound port; throws
  // std::runtime_error when the address cannot be bound.
  int bind();
  // Serves until stop(); returns after requests in flight have finished.
  void listen();
  // Stops accepting; safe from any thread (and from a signal-handling thread).
  void stop();
  bool serving() const { return serving_; }

  // Serves one request in process, without a socket or the connection engine: `request`
  // is the bytes of one HTTP/1.1 request as a client sends them (request line, headers,
  // body framed by Content-Length or chunked). cpp-httplib parses them; then the same
  // pre-routing, dispatcher (route match, auth, hooks, limits, account lock, handler,
  // error bodies) and response writing run as for a request from a connection, with the
  // body read by cpp-httplib (as it is for uploads). The response says Connection: close;
  // bytes past the first request are ignored; a request that ends early reads as a
  // closed connection. Needs no bind() or listen(); callable from any thread, like a
  // worker. For tests and fuzzing (fuzz/dispatcher_fuzzer.cc).
  InProcessResponse serve_in_process(std::string_view request);

  int port() const { return port_; }
  // Connection counters (open, busy, evicted, timed out, refused).
  ConnectionStats connection_stats() const;
  // --public-url, or http://HOST:PORT of the bound socket.
  const std::string& public_url() const { return public_url_; }

 private:
  class Server;  // httplib::Server whose connections the engine runs

  // `body`: reads the body on demand (null when cpp-httplib has read it already).
  void dispatch(const httplib::Request& req, httplib::Response& res, RouteMatch match,
                BodyReader* body);
  void run_route(RequestContext& ctx, const Route& route, BodyReader* body);
  httplib::Server::HandlerResponse pre_route(const httplib::Request& req,
                                             httplib::Response& res);

  const Config& config_;
  AccountDirectory& accounts_;
  Router router_;
  std::vector<std::shared_ptr<RequestHook>> hooks_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<ConnectionEngine> engine_;
  int port_ = 0;
  std::string public_url_;
  std::atomic<bool> serving_{false};
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> listen_entered_{false};
  std::atomic<bool> listen_returned_{false};
};

// "Bearer <key>" (scheme case-insensitive) -> key; "" when absent or malformed.
std::string bearer_key(const std::string& authorization);

// The connection engine's limits from the config (--header-timeout and friends).
ConnectionLimits connection_limits(const Config& config);

}  // namespace bolna
