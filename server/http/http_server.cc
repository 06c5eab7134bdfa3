#include "http/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <thread>

#include "http/access_log.h"
#include "http/api_error.h"
#include "http/connection.h"
#include "http/connection_engine.h"
#include "http/memory_stream.h"

namespace bolna {

namespace {

bool is_write(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string key_prefix(const std::string& key) {
  if (key.empty()) return "-";
  return key.size() <= 6 ? key : key.substr(0, 6) + "...";
}

void write_error(httplib::Response& res, const ApiError& e) {
  res.status = e.status();
  for (const auto& [name, value] : e.headers) res.set_header(name, value);
  // Messages can quote client bytes (e.g. a JSON parse error): invalid UTF-8 becomes
  // U+FFFD instead of an exception.
  res.set_content(e.body().dump(-1, ' ', false, Json::error_handler_t::replace),
                  "application/json");
}

ApiError auth_error(Profile profile, bool key_sent) {
  if (profile == Profile::kLive)
    return detail_error(403, key_sent ? "Unrecognized access token" : "Not authenticated");
  return api_error(401, "Access denied");
}

}  // namespace

std::string bearer_key(const std::string& authorization) {
  size_t start = authorization.find_first_not_of(' ');
  if (start == std::string::npos || authorization.size() < start + 7) return "";
  std::string scheme = authorization.substr(start, 6);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "bearer" || authorization[start + 6] != ' ') return "";
  std::string key = authorization.substr(start + 7);
  key.erase(0, key.find_first_not_of(' '));
  while (!key.empty() && (key.back() == ' ' || key.back() == '\r')) key.pop_back();
  return key;
}

ConnectionLimits connection_limits(const Config& config) {
  auto ms = [](double seconds) {
    return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0 + 0.5));
  };
  ConnectionLimits l;
  l.head.max_head_bytes = config.max_header_bytes;
  l.head.max_headers = config.max_headers;
  l.header_timeout = ms(config.header_timeout);
  l.keep_alive_timeout = std::chrono::seconds(config.keep_alive_timeout);
  l.body_timeout = ms(config.body_timeout);
  l.min_body_rate = config.min_body_rate;
  l.max_connections = config.max_connections;
  return l;
}

// cpp-httplib's server with its connection handling replaced: the accept loop hands each
// socket to the engine (process_and_close_socket is virtual), and the engine calls back
// into process_request (protected) with its own Stream for every request.
class HttpServer::Server : public httplib::Server {
 public:
  void set_engine(ConnectionEngine* engine) { engine_ = engine; }
  bool serve(httplib::Stream& strm, bool close_connection, bool& connection_closed) {
    return process_request(strm, close_connection, connection_closed, nullptr);
  }
  size_t keep_alive_max_count() const { return keep_alive_max_count_; }
  // cpp-httplib listens with a backlog of 5 (compiled into the library): a burst of
  // connects overflows it and the kernel drops handshakes (clients retry after 1 s).
  // listen() again on the bound socket raises it.
  void raise_backlog() {
    socket_t fd = svr_sock_;
    if (fd != INVALID_SOCKET) ::listen(fd, SOMAXCONN);
  }

 private:
  bool process_and_close_socket(socket_t sock) override {
    engine_->adopt(sock);
    return true;
  }
  ConnectionEngine* engine_ = nullptr;
};

namespace {

// The accept loop's task queue: adopting a socket never blocks, so it runs inline.
class InlineTaskQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

ApiError too_large(uint64_t length, size_t limit, bool upload) {
  return api_error(413, "Request body is " + std::to_string(length) + " bytes; the limit is " +
                            std::to_string(limit) + " bytes (" +
                            (upload ? "--max-upload-bytes" : "--max-body-bytes") + ")");
}

std::optional<uint64_t> declared_length(const httplib::Request& req) {
  if (!req.has_header("Content-Length")) return std::nullopt;
  return std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
}

bool has_body_framing(const httplib::Request& req) {
  return req.has_header("Content-Length") ||
         req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
}

}  // namespace

HttpServer::HttpServer(const Config& config, AccountDirectory& accounts)
    : config_(config), accounts_(accounts), access_log_(std::make_unique<AccessLog>()) {
  server_ = std::make_unique<Server>();
  server_->new_task_queue = [] { return new InlineTaskQueue(); };
  server_->set_keep_alive_max_count(1000);
  server_->set_keep_alive_timeout(config.keep_alive_timeout);
  // cpp-httplib reads bodies only on the routes it parses (multipart uploads, encoded
  // bodies); the dispatcher reads every other body with the route's limit.
  server_->set_payload_max_length(std::max(config.max_body_bytes, config.max_upload_bytes));
  ConnectionLimits limits = connection_limits(config);
  limits.keep_alive_max_count = server_->keep_alive_max_count();
  engine_ = std::make_unique<ConnectionEngine>(
      limits, config.threads,
      [this](httplib::Stream& strm, bool close_connection, bool& connection_closed) {
        return server_->serve(strm, close_connection, connection_closed);
      });
  server_->set_engine(engine_.get());
  engine_->set_tick([this] { access_log_->flush(); });
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    dispatch(req, res, router_.match(req.method, req.path), nullptr);
  };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Patch(".*", handler);
  server_->Delete(".*", handler);
  server_->Options(".*", handler);
  // "Expect: 100-continue": a body over the route's limit is refused before the client
  // sends it.
  server_->set_expect_100_continue_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        RouteMatch m = router_.match(req.method, req.path);
        bool upload = m.route && m.route->options.multipart;
        size_t limit = upload ? config_.max_upload_bytes : config_.max_body_bytes;
        auto length = declared_length(req);
        if (!length || *length <= limit) return 100;
        if (Connection* conn = current_connection()) conn->close_after_response();
        write_error(res, too_large(*length, limit, upload));
        access_log_->request(req.method, req.path, res.status, -1, "-");
        return 413;
      });
  server_->set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { return pre_route(req, res); });
  // Errors httplib produces itself (e.g. 400 on a malformed request line, 414, a failed
  // multipart read) get the documented JSON shape too.
  server_->set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message;
    Connection* conn = current_connection();
    size_t upload_limit = std::max(config_.max_body_bytes, config_.max_upload_bytes);
    if (conn && conn->body_timed_out()) {
      res.status = 408;
      message = "Request body not received in time (--body-timeout, --min-body-rate)";
    } else if (res.status == 413 || (conn && conn->body_over_cap())) {
      res.status = 413;
      message = "Request body is larger than the limit of " + std::to_string(upload_limit) +
                " bytes (--max-upload-bytes)";
    } else {
      message = "The request could not be handled (HTTP " + std::to_string(res.status) + ")";
    }
    if (conn) conn->close_after_response();
    res.set_content(error_body(res.status, message).dump(), "application/json");
    access_log_->request(req.method, req.path, res.status, -1, "-");
    return httplib::Server::HandlerResponse::Handled;
  }));
}

httplib::Server::HandlerResponse HttpServer::pre_route(const httplib::Request& req,
                                                       httplib::Response& res) {
  // The Request is a non-const local of httplib's, so the const_cast is sound.
  auto& mreq = const_cast<httplib::Request&>(req);
  // Clients often POST with no body and no Content-Length (the vendor's own curl
  // examples do): such a request has an empty body.
  bool has_body_method = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  if (has_body_method && !has_body_framing(req)) mreq.headers.emplace("Content-Length", "0");

  RouteMatch match = router_.match(req.method, req.path);
  Connection* conn = current_connection();
  const Route* route = match.route;
  const std::string& encoding = req.get_header_value("Content-Encoding");
  bool encoded = !encoding.empty() && encoding != "identity";
  if (!conn || (route && route->options.multipart) || encoded) {
    // cpp-httplib reads this body (multipart parsing, decompression): refuse an
    // over-limit Content-Length before it does, and cap what it may read.
    if (req.method == "DELETE" && !has_body_framing(req))
      mreq.headers.emplace("Content-Length", "0");
    bool upload = route && route->options.multipart;
    size_t limit = upload ? config_.max_upload_bytes
                          : std::max(config_.max_body_bytes, config_.max_upload_bytes);
    if (conn) {
      auto length = declared_length(req);
      if (length && *length > limit) {
        conn->close_after_response();
        write_error(res, too_large(*length, limit, upload));
        access_log_->request(req.method, req.path, res.status, -1, "-");
        return httplib::Server::HandlerResponse::Handled;
      }
      // Chunk framing counts too; the dispatcher checks the exact size afterwards.
      conn->begin_body(limit + limit / 16 + 4096);
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }
  BodyReader body(*conn, req);
  dispatch(req, res, std::move(match), &body);
  return httplib::Server::HandlerResponse::Handled;
}

HttpServer::~HttpServer() { stop(); }

InProcessResponse HttpServer::serve_in_process(std::string_view request) {
  // Not a request of a connection, even when called on one of the engine's workers.
  Connection* outer = current_connection();
  set_current_connection(nullptr);
  MemoryStream strm(request);
  bool connection_closed = false;
  server_->serve(strm, /*close_connection=*/true, connection_closed);
  set_current_connection(outer);
  return read_response_bytes(strm.take_output());
}

ConnectionStats HttpServer::connection_stats() const { return engine_->stats(); }

int HttpServer::bind() {
  if (config_.port == 0) {
    port_ = server_->bind_to_any_port(config_.host.c_str());
  } else {
    port_ = server_->bind_to_port(config_.host.c_str(), config_.port) ? config_.port : -1;
  }
  if (port_ <= 0)
    throw std::runtime_error("cannot listen on " + config_.host + ":" +
                             std::to_string(config_.port));
  server_->raise_backlog();
  if (!config_.public_url.empty()) {
    public_url_ = config_.public_url;
    while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
  } else {
    std::string host = config_.host == "0.0.0.0" ? "127.0.0.1"
                       : config_.host == "::"    ? "::1"
                                                 : config_.host;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    public_url_ = "http://" + host + ":" + std::to_string(port_);
  }
  return port_;
}

void HttpServer::listen() {
  listen_entered_ = true;
  if (!stop_requested_) {
    engine_->start();
    serving_ = true;
    server_->listen_after_bind();
    serving_ = false;
    engine_->stop();
    engine_->join();
    access_log_->flush();
  }
  listen_returned_ = true;
}

void HttpServer::stop() {
  // httplib ignores stop() before its accept loop runs; remember the request (listen()
  // checks it) and, if a listen() has begun, wait briefly for the loop to start so the
  // stop is not lost. seq_cst atomics on both sides close the race.
  stop_requested_ = true;
  for (int i = 0; i < 400 && listen_entered_ && !listen_returned_ && !server_->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (server_->is_running()) server_->stop();
  // Idle, trickling and slow connections close now; requests being handled finish.
  engine_->stop();
}

void HttpServer::dispatch(const httplib::Request& req, httplib::Response& res,
                          RouteMatch match, BodyReader* body) {
  auto started = std::chrono::steady_clock::now();
  RequestContext ctx(req, res, config_, public_url_);
  ctx.api_key = bearer_key(req.get_header_value("Authorization"));
  ctx.admin = !config_.admin_token.empty() &&
              req.get_header_value("X-Emulator-Admin-Token") == config_.admin_token;

  const Route* route = match.route;
  try {
    if (!ctx.api_key.empty()) ctx.account = accounts_.find_or_create(ctx.api_key);
    if (!route && match.path_known) {
      std::string allowed;
      for (const auto& m : match.allowed) allowed += (allowed.empty() ? "" : ", ") + m;
      ApiError e = api_error(405, "Method " + req.method + " is not allowed on " + req.path +
                                      " (allowed: " + allowed + ")");
      e.headers.emplace_back("Allow", allowed);
      throw e;
    }
    if (!route) throw api_error(404, "No route for " + req.method + " " + req.path);
    ctx.params = std::move(match.params);
    run_route(ctx, *route, body);
    // A streamed response (server-sent events, a content provider) must reach the client
    // as it is produced, not when the gathered bytes fill up.
    if (res.content_provider_)
      if (Connection* conn = current_connection()) conn->stream_writes();
    ctx.finish_reply();  // outside the tenant's lock
  } catch (const ApiError& e) {
    write_error(res, e);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unexpected exception: {}", req.method, req.path, e.what());
    write_error(res, api_error(500, "Internal server error"));
  }
  // A request answered before its body was read (404, 401, a hook...): read it now, so
  // the connection can serve the next request and the journal sees the body. Over the
  // limit, or too slow, the connection closes after this response instead.
  if (body && !body->done()) {
    try {
      auto& mreq = const_cast<httplib::Request&>(req);
      bool upload = route && route->options.multipart;
      body->read(mreq.body, upload ? config_.max_upload_bytes : config_.max_body_bytes,
                 upload ? "--max-upload-bytes" : "--max-body-bytes");
    } catch (const ApiError&) {
    }
  }

  auto elapsed = std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - started);
  for (const auto& hook : hooks_) {
    try {
      hook->after(ctx, route, elapsed);
    } catch (const std::exception& e) {
      spdlog::error("request hook failed: {}", e.what());
    }
  }
  if (access_log_->enabled())
    access_log_->request(req.method, req.path, res.status,
                         static_cast<double>(elapsed.count()) / 1000.0, key_prefix(ctx.api_key));
}

void HttpServer::run_route(RequestContext& ctx, const Route& route, BodyReader* body) {
  const RouteOptions& options = route.options;
  if (options.requires_key) {
    if (!ctx.account) throw auth_error(config_.profile, !ctx.api_key.empty());
    if (!options.control && ctx.account->read_only() && is_write(ctx.req.method))
      throw api_error(403, "This API key is read-only: " + ctx.req.method + " " +
                               ctx.req.path + " is not allowed");
  }
  for (const auto& hook : hooks_)
    if (hook->before(ctx, route)) return;
  size_t limit = options.multipart ? config_.max_upload_bytes : config_.max_body_bytes;
  const char* flag = options.multipart ? "--max-upload-bytes" : "--max-body-bytes";
  // Read here, with the route's limit: an over-limit Content-Length is a 413 at once.
  if (body) body->read(const_cast<httplib::Request&>(ctx.req).body, limit, flag);
  // httplib moves a multipart body into req.files and leaves req.body empty, so the
  // declared Content-Length counts too.
  size_t body_size = ctx.req.body.size();
  if (ctx.req.has_header("Content-Length"))
    body_size = std::max<size_t>(body_size, std::strtoull(
        ctx.req.get_header_value("Content-Length").c_str(), nullptr, 10));
  if (body_size > limit)
    throw api_error(413, "Request body is " + std::to_string(body_size) +
                             " bytes; the limit is " + std::to_string(limit) + " bytes (" +
                             flag + ")");
  if (options.lock_tenant && ctx.account) {
    std::lock_guard lock(ctx.account->mutex);
    route.handler(ctx);
  } else {
    route.handler(ctx);
  }
}

}  // namespace bolna
