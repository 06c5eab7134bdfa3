#include "http/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "http/api_error.h"

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

HttpServer::HttpServer(const Config& config, AccountDirectory& accounts)
    : config_(config), accounts_(accounts) {
  server_.new_task_queue = [threads = config.threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  // httplib itself enforces the largest limit (multipart uploads); the dispatcher
  // enforces the JSON limit per route.
  server_.set_payload_max_length(std::max(config.max_body_bytes, config.max_upload_bytes));
  server_.set_keep_alive_max_count(1000);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    dispatch(req, res);
  };
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  server_.Patch(".*", handler);
  server_.Delete(".*", handler);
  server_.Options(".*", handler);
  // Clients often POST with no body and no Content-Length (the vendor's own curl
  // examples do); cpp-httplib would answer 400. Treat such a request as an empty body.
  // The Request object is a non-const local of httplib's, so the const_cast is sound.
  server_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    bool has_body_method = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (has_body_method && !req.has_header("Content-Length") &&
        req.get_header_value("Transfer-Encoding").find("chunked") == std::string::npos)
      const_cast<httplib::Request&>(req).headers.emplace("Content-Length", "0");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Errors httplib produces before routing (e.g. 413 over the upload limit, 400 on a
  // malformed request line) get the documented JSON shape too.
  server_.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message;
    if (res.status == 413)
      message = "Request body is larger than the limit of " +
                std::to_string(std::max(config_.max_body_bytes, config_.max_upload_bytes)) +
                " bytes (--max-upload-bytes)";
    else
      message = "The request could not be handled (HTTP " + std::to_string(res.status) + ")";
    res.set_content(error_body(res.status, message).dump(), "application/json");
    spdlog::info("{} {} {} - key=-", req.method, req.path, res.status);
    return httplib::Server::HandlerResponse::Handled;
  }));
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind() {
  if (config_.port == 0) {
    port_ = server_.bind_to_any_port(config_.host.c_str());
  } else {
    port_ = server_.bind_to_port(config_.host.c_str(), config_.port) ? config_.port : -1;
  }
  if (port_ <= 0)
    throw std::runtime_error("cannot listen on " + config_.host + ":" +
                             std::to_string(config_.port));
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
    serving_ = true;
    server_.listen_after_bind();
    serving_ = false;
  }
  listen_returned_ = true;
}

void HttpServer::stop() {
  // httplib ignores stop() before its accept loop runs; remember the request (listen()
  // checks it) and, if a listen() has begun, wait briefly for the loop to start so the
  // stop is not lost. seq_cst atomics on both sides close the race.
  stop_requested_ = true;
  for (int i = 0; i < 400 && listen_entered_ && !listen_returned_ && !server_.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (server_.is_running()) server_.stop();
}

void HttpServer::dispatch(const httplib::Request& req, httplib::Response& res) {
  auto started = std::chrono::steady_clock::now();
  RequestContext ctx(req, res, config_, public_url_);
  ctx.api_key = bearer_key(req.get_header_value("Authorization"));
  ctx.admin = !config_.admin_token.empty() &&
              req.get_header_value("X-Emulator-Admin-Token") == config_.admin_token;

  RouteMatch match = router_.match(req.method, req.path);
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
    run_route(ctx, *route);
  } catch (const ApiError& e) {
    write_error(res, e);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unexpected exception: {}", req.method, req.path, e.what());
    write_error(res, api_error(500, "Internal server error"));
  }

  auto elapsed = std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - started);
  for (const auto& hook : hooks_) {
    try {
      hook->after(ctx, route, elapsed);
    } catch (const std::exception& e) {
      spdlog::error("request hook failed: {}", e.what());
    }
  }
  spdlog::info("{} {} {} {:.2f}ms key={}", req.method, req.path, res.status,
               static_cast<double>(elapsed.count()) / 1000.0, key_prefix(ctx.api_key));
}

void HttpServer::run_route(RequestContext& ctx, const Route& route) {
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
  // httplib moves a multipart body into req.files and leaves req.body empty, so the
  // declared Content-Length counts too.
  size_t body_size = ctx.req.body.size();
  if (ctx.req.has_header("Content-Length"))
    body_size = std::max<size_t>(body_size, std::strtoull(
        ctx.req.get_header_value("Content-Length").c_str(), nullptr, 10));
  if (body_size > limit)
    throw api_error(413, "Request body is " + std::to_string(body_size) +
                             " bytes; the limit is " + std::to_string(limit) + " bytes (" +
                             (options.multipart ? "--max-upload-bytes" : "--max-body-bytes") +
                             ")");
  if (options.lock_tenant && ctx.account) {
    std::lock_guard lock(ctx.account->mutex);
    route.handler(ctx);
  } else {
    route.handler(ctx);
  }
}

}  // namespace bolna
