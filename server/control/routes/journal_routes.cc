// The request journal's control routes: GET /__emulator/requests (filtered, oldest
// first) and DELETE /__emulator/requests. Entries are recorded by the journal hook
// (api/hooks.h).
#include <algorithm>
#include <cctype>

#include "handler/tenant_of.h"
#include "common/json_text.h"
#include "control/control_state.h"
#include "control/routes/routes.h"
#include "http/api_error.h"
#include "http/request_context.h"

namespace bolna {

namespace {

Json headers_json(const HeaderList& headers) {
  Json j = Json::object();
  for (const auto& [name, value] : headers) {
    if (j.contains(name))
      j[name] = j[name].get<std::string>() + ", " + value;
    else
      j[name] = value;
  }
  return j;
}

Json body_json(const JournalBody& b, const HeaderList& headers) {
  return Json{{"headers", headers_json(headers)},
              {"body", b.text},
              {"body_bytes", b.bytes},
              {"body_truncated", b.truncated()}};
}

Json entry_json(const JournalEntry& e) {
  Json j = {{"seq", e.seq},
            {"method", e.method},
            {"path", e.path},
            {"route", e.route.empty() ? Json(nullptr) : Json(e.route)},
            {"query", e.query},
            {"status", e.status},
            {"time", format_iso_utc(e.virtual_time)},
            {"wall_time", format_iso_utc(e.wall_time)},
            {"duration_ms", e.duration_ms},
            {"fault", e.fault.empty() ? Json(nullptr) : Json(e.fault)},
            {"request", body_json(e.request_body, e.request_headers)},
            {"response", body_json(e.response_body, e.response_headers)}};
  return j;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 19 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

JournalFilter parse_filter(const RequestContext& ctx) {
  JournalFilter f;
  if (auto m = ctx.query("method")) {
    std::string method = *m;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (method.empty()) throw bad_request("method must not be empty (e.g. method=POST)");
    f.method = method;
  }
  if (auto p = ctx.query("path")) {
    std::string error;
    f.path = PathPattern::parse(*p, "path", &error);
    if (!f.path) throw bad_request(error);
  }
  if (auto s = ctx.query("status")) {
    f.status = parse_status_filter(*s);
    if (!f.status)
      throw bad_request(
          "status must be an HTTP status such as 404 or a class such as 4xx, "
          "got \"" +
          *s + "\"");
  }
  if (auto s = ctx.query("since")) {
    if (all_digits(*s)) {
      f.since_seq = std::stoull(*s);
    } else {
      std::string why;
      auto t = parse_iso8601(*s, &why);
      if (!t)
        throw bad_request(
            "since must be a journal sequence number (entries after it) or an "
            "ISO 8601 time (entries at or after it, on the tenant's clock), "
            "got \"" +
            *s + "\": " + why);
      f.since_time = t->utc;
    }
  }
  if (auto l = ctx.query("limit")) {
    if (!all_digits(*l) || std::stoull(*l) == 0)
      throw bad_request("limit must be a positive integer, got \"" + *l + "\"");
    f.limit = static_cast<size_t>(std::min<unsigned long long>(std::stoull(*l), 1u << 30));
  }
  return f;
}

void list_requests(RequestContext& ctx) {
  JournalFilter filter = parse_filter(ctx);
  const RequestJournal& journal = tenant_of(ctx).control().journal;
  Json entries = Json::array();
  for (const JournalEntry& e : journal.query(filter)) entries.push_back(entry_json(e));
  Json body = {{"capacity", journal.capacity()}, {"size", journal.size()},
               {"dropped", journal.dropped()},   {"last_seq", journal.last_seq()},
               {"count", entries.size()},        {"entries", std::move(entries)}};
  ctx.res.status = 200;
  // Bodies are raw bytes: invalid UTF-8 becomes U+FFFD rather than an error.
  ctx.res.set_content(dump_json(body), "application/json");
}

}  // namespace

void register_journal_routes(Router& router, Services& services) {
  (void)services;
  RouteOptions control = control_route();
  router.add("GET", "/__emulator/requests", list_requests, control);
  router.add(
      "DELETE", "/__emulator/requests",
      [](RequestContext& c) {
        size_t removed = tenant_of(c).control().journal.clear();
        c.reply(200, Json{{"deleted", removed}});
      },
      control);
}

}  // namespace bolna
