#include "webhooks/webhook_dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cctype>
#include <cmath>

#include "batches/batch.h"
#include "calls/execution.h"

namespace bolna {

namespace {

struct ParsedUrl {
  std::string scheme;  // lower case
  std::string host;    // without brackets
  int port = 0;
  std::string path;  // "/..." with the query
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Parses "http(s)://host[:port][/path][?query]"; nullopt with *why on anything else.
std::optional<ParsedUrl> parse_url(const std::string& url, std::string* why) {
  ParsedUrl p;
  size_t sep = url.find("://");
  if (sep == std::string::npos) {
    *why = "invalid webhook URL (expected http://host[:port]/path)";
    return std::nullopt;
  }
  p.scheme = lower(url.substr(0, sep));
  if (p.scheme != "http" && p.scheme != "https") {
    *why = "unsupported URL scheme '" + p.scheme + "' (expected http or https)";
    return std::nullopt;
  }
  size_t start = sep + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority =
      url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  p.path = end == std::string::npos ? "/" : url.substr(end);
  if (size_t hash = p.path.find('#'); hash != std::string::npos) p.path.erase(hash);
  if (p.path.empty() || p.path[0] != '/') p.path = "/" + p.path;
  if (authority.find('@') != std::string::npos) authority.erase(0, authority.rfind('@') + 1);
  std::string port_text;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) {
      *why = "invalid webhook URL (unclosed '[' in host)";
      return std::nullopt;
    }
    p.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port_text = authority.substr(close + 2);
  } else {
    size_t colon = authority.rfind(':');
    p.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (p.host.empty()) {
    *why = "invalid webhook URL (no host)";
    return std::nullopt;
  }
  p.port = p.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    bool digits = port_text.size() <= 5 &&
                  std::all_of(port_text.begin(), port_text.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    int port = digits ? std::stoi(port_text) : 0;
    if (port < 1 || port > 65535) {
      *why = "invalid webhook URL (bad port '" + port_text + "')";
      return std::nullopt;
    }
    p.port = port;
  }
  return p;
}

std::string receiver_key(const std::string& url) {
  std::string r = webhook_receiver_of(url);
  return r.empty() ? "invalid:" + url : r;
}

Json optional_string(const std::string& s) { return s.empty() ? Json() : Json(s); }

}  // namespace

std::string webhook_receiver_of(const std::string& url) {
  std::string why;
  auto p = parse_url(url, &why);
  if (!p) return "";
  std::string host = p->host.find(':') != std::string::npos ? "[" + p->host + "]" : p->host;
  return p->scheme + "://" + lower(host) + ":" + std::to_string(p->port);
}

WebhookDispatcher::WebhookDispatcher(WebhookSettings settings, Profile profile,
                                     const std::string& public_url)
    : settings_(settings),
      profile_(profile),
      public_url_(public_url),
      pool_(static_cast<size_t>(std::max(1, settings.workers))) {}

WebhookDispatcher::~WebhookDispatcher() { shutdown(); }

void WebhookDispatcher::shutdown() {
  {
    std::lock_guard l(mu_);
    if (stopping_) return;
    stopping_ = true;
    changed_.notify_all();
  }
  pool_.stop();
  pool_.join();
}

void WebhookDispatcher::attach(const std::shared_ptr<Tenant>& tenant) {
  auto state = std::make_shared<TenantState>();
  state->tenant = tenant;
  {
    std::lock_guard l(mu_);
    tenants_[tenant.get()] = state;
  }
  // The listeners live inside the tenant, so the raw pointer they capture outlives them.
  Tenant* owner = tenant.get();
  tenant->status_listeners.push_back(
      [this, owner](CallAccount&, const Execution& e, const StatusChange&) {
        deliver_execution(*owner, e);
      });
  tenant->batch_listeners.push_back(
      [this, owner](BatchAccount&, const Batch& b) { deliver_batch(*owner, b); });
  tenant->reset_listeners.push_back([this, state](Tenant&) {
    std::lock_guard l(mu_);
    state->generation += 1;
    state->next_id = 1;
    state->queues.clear();
    state->journal.clear();
    state->agent_headers.clear();
    changed_.notify_all();
  });
}

std::shared_ptr<WebhookDispatcher::TenantState> WebhookDispatcher::state_of(const Tenant& t) const {
  std::lock_guard l(mu_);
  auto it = tenants_.find(&t);
  return it == tenants_.end() ? nullptr : it->second;
}

void WebhookDispatcher::deliver_execution(Tenant& t, const Execution& e) {
  const Agent* agent = t.agents.find(e.agent_id);
  if (!agent) return;
  std::string url = agent->webhook_url();
  if (url.empty()) return;
  WebhookSubject subject{"execution", e.id, e.batch_id, e.status, e.agent_id};
  enqueue(t, subject, url, execution_to_json(e, profile_, public_url_).dump());
}

void WebhookDispatcher::deliver_batch(Tenant& t, const Batch& b) {
  if (b.webhook_url.empty()) return;
  WebhookSubject subject{"batch", "", b.id, b.status, b.agent_id};
  enqueue(t, subject, b.webhook_url, batch_to_json(b, t.now(), profile_).dump());
}

void WebhookDispatcher::enqueue(Tenant& t, const WebhookSubject& subject, const std::string& url,
                                std::string body) {
  if (url.empty()) return;
  auto s = state_of(t);
  if (!s) return;
  std::lock_guard l(mu_);
  Delivery d;
  d.id = s->next_id++;
  d.subject = subject;
  d.url = url;
  d.body = std::make_shared<const std::string>(std::move(body));
  std::string key = subject.queue_key();
  SubjectQueue& q = s->queues[key];
  q.deliveries.push_back(std::move(d));
  if (q.head == HeadState::kIdle) make_ready(s, key);
}

std::optional<uint64_t> WebhookDispatcher::redeliver(Tenant& t, uint64_t attempt_id) {
  auto s = state_of(t);
  if (!s) return std::nullopt;
  std::lock_guard l(mu_);
  auto it = std::find_if(s->journal.begin(), s->journal.end(),
                         [&](const Attempt& a) { return a.id == attempt_id; });
  if (it == s->journal.end()) return std::nullopt;
  Delivery d;
  d.id = s->next_id++;
  d.subject = it->subject;
  d.url = it->url;
  d.body = it->body;
  d.redelivery_of = attempt_id;
  uint64_t id = d.id;
  std::string key = d.subject.queue_key();
  SubjectQueue& q = s->queues[key];
  q.deliveries.push_back(std::move(d));
  if (q.head == HeadState::kIdle) make_ready(s, key);
  return id;
}

void WebhookDispatcher::make_ready(const std::shared_ptr<TenantState>& s, const std::string& key) {
  SubjectQueue& q = s->queues[key];
  q.head = HeadState::kQueued;
  if (stopping_) return;
  Receiver& r = receivers_[receiver_key(q.deliveries.front().url)];
  if (r.in_flight < kPerReceiverInFlight)
    start_post(s, key);
  else
    r.waiting.push_back({s, s->generation, key});
}

void WebhookDispatcher::start_post(const std::shared_ptr<TenantState>& s, const std::string& key) {
  SubjectQueue& q = s->queues[key];
  q.head = HeadState::kInFlight;
  const Delivery& d = q.deliveries.front();
  std::string receiver = receiver_key(d.url);
  receivers_[receiver].in_flight += 1;
  httplib::Headers extra;
  if (auto h = s->agent_headers.find(d.subject.agent_id); h != s->agent_headers.end())
    extra = h->second;
  boost::asio::post(pool_, [this, s, generation = s->generation, key, d, extra, receiver] {
    PostResult result = post(d, extra);
    complete(s, generation, key, d.id, receiver, std::move(result));
  });
}

void WebhookDispatcher::release_receiver(const std::string& receiver) {
  auto it = receivers_.find(receiver);
  if (it == receivers_.end()) return;
  Receiver& r = it->second;
  r.in_flight = std::max(0, r.in_flight - 1);
  while (!stopping_ && r.in_flight < kPerReceiverInFlight && !r.waiting.empty()) {
    Waiting w = std::move(r.waiting.front());
    r.waiting.pop_front();
    if (w.state->generation != w.generation) continue;
    auto q = w.state->queues.find(w.key);
    if (q == w.state->queues.end() || q->second.deliveries.empty() ||
        q->second.head != HeadState::kQueued)
      continue;
    start_post(w.state, w.key);
  }
  if (r.in_flight == 0 && r.waiting.empty()) receivers_.erase(it);
}

void WebhookDispatcher::advance_queue(const std::shared_ptr<TenantState>& s,
                                      const std::string& key) {
  auto it = s->queues.find(key);
  if (it == s->queues.end()) return;
  it->second.head = HeadState::kIdle;
  if (it->second.deliveries.empty())
    s->queues.erase(it);
  else
    make_ready(s, key);
}

WebhookDispatcher::PostResult WebhookDispatcher::post(const Delivery& d,
                                                      const httplib::Headers& extra) const {
  PostResult out;
  std::string why;
  auto url = parse_url(d.url, &why);
  if (!url) {
    out.error = why;
    out.permanent = true;
    return out;
  }
  if (url->scheme == "https") {
    out.error = "https receivers are not supported by this build (no TLS); use http";
    out.permanent = true;
    return out;
  }
  auto seconds = static_cast<time_t>(settings_.timeout_seconds);
  auto usec = static_cast<time_t>(
      std::llround((settings_.timeout_seconds - static_cast<double>(seconds)) * 1e6));
  httplib::Client cli(url->host, url->port);
  cli.set_connection_timeout(seconds, usec);
  cli.set_read_timeout(seconds, usec);
  cli.set_write_timeout(seconds, usec);
  httplib::Headers headers = extra;
  if (headers.find("User-Agent") == headers.end())
    headers.emplace("User-Agent", std::string("bolna-emulator/") + BOLNA_EMULATOR_VERSION);
  auto started = std::chrono::steady_clock::now();
  auto res = cli.Post(url->path.c_str(), headers, *d.body, "application/json");
  out.latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (res) {
    out.status = res->status;
    return out;
  }
  httplib::Error err = res.error();
  bool timed_out =
      err == httplib::Error::ConnectionTimeout ||
      (err == httplib::Error::Read && out.latency_ms >= settings_.timeout_seconds * 1000.0 * 0.95);
  out.error = timed_out ? "timeout after " + std::to_string(settings_.timeout_seconds) + " s"
              : err == httplib::Error::Connection ? "connection refused or unreachable"
                                                  : httplib::to_string(err);
  return out;
}

void WebhookDispatcher::complete(std::shared_ptr<TenantState> s, uint64_t generation,
                                 std::string key, uint64_t delivery_id, std::string receiver,
                                 PostResult result) {
  auto tenant = s->tenant.lock();
  std::unique_lock<std::mutex> tenant_lock;
  if (tenant) tenant_lock = std::unique_lock(tenant->mutex);
  std::lock_guard l(mu_);
  // The receiver's slot is released whatever became of the tenant meanwhile.
  release_receiver(receiver);
  changed_.notify_all();
  auto qit = s->queues.find(key);
  bool current = tenant && !stopping_ && s->generation == generation && qit != s->queues.end() &&
                 !qit->second.deliveries.empty() &&
                 qit->second.deliveries.front().id == delivery_id;
  if (!current) return;  // reset or shut down while posting: nothing to record
  SubjectQueue& q = qit->second;
  Delivery& d = q.deliveries.front();
  d.attempts += 1;
  Attempt a;
  a.id = s->next_id++;
  a.delivery_id = d.id;
  a.redelivery_of = d.redelivery_of;
  a.subject = d.subject;
  a.url = d.url;
  a.body = d.body;
  a.attempt = d.attempts;
  a.response_code = result.status;
  a.error = result.error;
  a.latency_ms = std::round(result.latency_ms * 1000.0) / 1000.0;
  a.virtual_time = tenant->now();
  a.wall_time = wall_now();
  bool ok = result.status >= 200 && result.status < 300;
  if (!ok && result.status != 0 && a.error.empty())
    a.error = "receiver answered HTTP " + std::to_string(result.status);
  bool final = ok || result.permanent || d.attempts >= settings_.max_attempts;
  a.result = ok ? "delivered" : final ? "failed" : "retrying";
  if (!final) {
    double delay = settings_.backoff_seconds * std::pow(2.0, d.attempts - 1);
    TimePoint at = tenant->now() + Micros(static_cast<int64_t>(std::llround(delay * 1e6)));
    a.next_attempt_at = at;
    q.head = HeadState::kWaitingRetry;
    tenant->scheduler.schedule(at, [this, s, generation, key, delivery_id]() {
      std::lock_guard lock(mu_);
      if (s->generation != generation) return;
      auto it = s->queues.find(key);
      if (it == s->queues.end() || it->second.deliveries.empty() ||
          it->second.deliveries.front().id != delivery_id ||
          it->second.head != HeadState::kWaitingRetry)
        return;
      make_ready(s, key);
      changed_.notify_all();
    });
  }
  if (!ok) spdlog::debug("webhook {} attempt {} to {}: {}", d.id, d.attempts, d.url, a.error);
  if (attempt_observer_) attempt_observer_(tenant->key(), attempt_to_json(a));  // STUB (ui branch)
  s->journal.push_back(std::move(a));
  while (s->journal.size() > kJournalLimit) s->journal.pop_front();
  if (final) {
    q.deliveries.pop_front();
    advance_queue(s, key);
  }
}

WebhookBacklog WebhookDispatcher::count(const TenantState& s) {
  WebhookBacklog b;
  for (const auto& [key, q] : s.queues) {
    if (q.deliveries.empty()) continue;
    size_t behind = q.deliveries.size() - 1;
    switch (q.head) {
      case HeadState::kWaitingRetry:
        b.waiting_retry += 1 + behind;
        break;
      case HeadState::kInFlight:
        b.in_flight += 1;
        b.queued += behind;
        break;
      default:
        b.queued += 1 + behind;
    }
  }
  return b;
}

WebhookBacklog WebhookDispatcher::flush(Tenant& t, std::chrono::milliseconds timeout) {
  auto s = state_of(t);
  if (!s) return {};
  std::unique_lock l(mu_);
  changed_.wait_for(l, timeout, [&] { return stopping_ || count(*s).settled(); });
  return count(*s);
}

WebhookBacklog WebhookDispatcher::backlog(const Tenant& t) const {
  auto s = state_of(t);
  if (!s) return {};
  std::lock_guard l(mu_);
  return count(*s);
}

Json WebhookDispatcher::attempt_to_json(const Attempt& a) {
  return Json({{"id", a.id},
         {"delivery_id", a.delivery_id},
         {"type", a.subject.kind},
         {"execution_id", optional_string(a.subject.execution_id)},
         {"batch_id", optional_string(a.subject.batch_id)},
         {"status", a.subject.status},
         {"url", a.url},
         {"attempt", a.attempt},
         {"response_code", a.response_code ? Json(a.response_code) : Json()},
         {"error", optional_string(a.error)},
         {"latency_ms", a.latency_ms},
         {"result", a.result},
         {"next_attempt_at", a.next_attempt_at ? Json(format_iso_utc(*a.next_attempt_at)) : Json()},
         {"redelivery_of", a.redelivery_of ? Json(a.redelivery_of) : Json()},
         {"virtual_time", format_iso_utc(a.virtual_time)},
         {"wall_time", format_iso_utc(a.wall_time)}});
}

Json WebhookDispatcher::journal_json(const Tenant& t, const std::string& execution_id,
                                     const std::string& batch_id) const {
  Json out = Json::array();
  auto s = state_of(t);
  if (!s) return out;
  std::lock_guard l(mu_);
  for (const Attempt& a : s->journal) {
    if (!execution_id.empty() && a.subject.execution_id != execution_id) continue;
    if (!batch_id.empty() && a.subject.batch_id != batch_id) continue;
    out.push_back(attempt_to_json(a));
  }
  return out;
}

void WebhookDispatcher::set_agent_headers(const Tenant& t, const std::string& agent_id,
                                          httplib::Headers h) {
  auto s = state_of(t);
  if (!s) return;
  std::lock_guard l(mu_);
  if (h.empty())
    s->agent_headers.erase(agent_id);
  else
    s->agent_headers[agent_id] = std::move(h);
}

httplib::Headers WebhookDispatcher::agent_headers(const Tenant& t,
                                                  const std::string& agent_id) const {
  auto s = state_of(t);
  if (!s) return {};
  std::lock_guard l(mu_);
  auto it = s->agent_headers.find(agent_id);
  return it == s->agent_headers.end() ? httplib::Headers{} : it->second;
}

}  // namespace bolna
