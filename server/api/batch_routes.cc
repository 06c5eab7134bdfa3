// Batches: POST /batches (multipart CSV upload), POST /batches/{id}/schedule (and the
// legacy POST /batches/schedule), POST /batches/{id}/stop, GET /batches/{id},
// GET /batches/{agent_id}/all, GET /batches/{id}/executions, DELETE /batches/{id}.
// HTTP parsing only; the lifecycle lives in domain/batch_engine.h.
#include <algorithm>
#include <cctype>

#include "handler/route_helpers.h"
#include "handler/tenant_of.h"
#include "tenant/caller_number.h"
#include "catalogue/catalogue.h"
#include "api/routes.h"
#include "batches/batch_engine.h"
#include "calls/call_engine.h"
#include "common/json_text.h"
#include "common/phone_format.h"
#include "calls/schedule_rules.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/tenant.h"

namespace bolna {

namespace {

constexpr size_t kMaxPageSize = 50;

bool is_form(const httplib::Request& req) {
  return req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0;
}

// A multipart field's text, or nullopt when absent.
std::optional<std::string> field(const httplib::Request& req, const std::string& name) {
  if (req.has_file(name)) return req.get_file_value(name).content;
  if (is_form(req) && req.has_param(name)) return req.get_param_value(name);
  return std::nullopt;
}

std::vector<std::string> fields(const httplib::Request& req, const std::string& name) {
  std::vector<std::string> out;
  auto range = req.files.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second.content);
  return out;
}

void require_multipart(RequestContext& ctx, const std::string& fields_hint) {
  if (ctx.req.is_multipart_form_data()) return;
  std::string type = ctx.req.get_header_value("Content-Type");
  throw bad_request(ctx.req.method + " " + ctx.req.path +
                    " takes a multipart/form-data body (fields " + fields_hint +
                    "); got Content-Type '" + (type.empty() ? "none" : type) + "'");
}

// http(s)://host... with no whitespace; anything else is ignored (documented quirk).
bool valid_webhook_url(const std::string& url) {
  std::string rest;
  if (url.rfind("https://", 0) == 0)
    rest = url.substr(8);
  else if (url.rfind("http://", 0) == 0)
    rest = url.substr(7);
  else
    return false;
  if (rest.empty() || rest[0] == '/' || rest[0] == ':') return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ') return false;
  return true;
}

Batch& find_batch(RequestContext& ctx, const std::string& id) {
  Batch* b = tenant_of(ctx).batches.find(id);
  if (!b) throw not_found("Batch");
  return *b;
}

void create(RequestContext& ctx) {
  const auto& req = ctx.req;
  require_multipart(ctx, "agent_id, file, from_phone_numbers, retry_config, webhook_url");
  Tenant& t = tenant_of(ctx);
  auto agent_id = field(req, "agent_id");
  if (!agent_id || agent_id->empty())
    throw api_error(400, "agent_id is required", error_code::kAgentIdRequired);
  if (!req.has_file("file")) throw bad_request("file is required (the CSV of contacts)");
  const Agent* agent = t.agents.find(*agent_id);
  if (!agent) throw not_found("Agent");

  BatchSpec spec;
  httplib::MultipartFormData file = req.get_file_value("file");
  spec.file_name = file.filename.empty() ? "batch.csv" : file.filename;
  std::vector<std::string> from = fields(req, "from_phone_numbers");
  for (const auto& legacy : fields(req, "from_phone_number"))
    if (std::find(from.begin(), from.end(), legacy) == from.end()) from.push_back(legacy);
  for (const auto& number : from) {
    if (number.empty()) continue;
    if (!is_e164(number))
      throw bad_request("Invalid from_phone_numbers: '" + number +
                        "' is not an E.164 number such as +14155550123");
    check(check_caller_number(t, number, "from_phone_numbers: "));
    spec.from_phone_numbers.push_back(number);
  }
  if (spec.from_phone_numbers.empty()) {
    Result<std::string> number = default_caller_number(t, "from_phone_numbers");
    check(number.status());
    spec.default_from_number = number.value();
  }
  if (auto rc = field(req, "retry_config"); rc && !rc->empty() && *rc != "null") {
    Json parsed;
    JsonProblem problem = parse_json_text(*rc, &parsed);
    if (problem.kind == JsonProblem::Kind::kLimit || problem.kind == JsonProblem::Kind::kRange)
      throw bad_request("retry_config: " + problem.message);
    if (!problem.ok() || !parsed.is_object())
      throw bad_request(
          "retry_config must be a JSON object string such as "
          "{\"enabled\":true,\"max_retries\":2,\"retry_intervals_minutes\":[15,30]}");
    RetryConfig config;
    std::string err = parse_retry_config(parsed, &config);
    if (!err.empty()) throw bad_request(err);
    spec.retry = config;
  }
  if (auto url = field(req, "webhook_url"); url && valid_webhook_url(*url)) spec.webhook_url = *url;

  BatchCsv csv;
  std::string err = parse_batch_csv(file.content, &csv);
  if (!err.empty()) throw bad_request(err);
  check(execution_room(t, csv.contacts.size()));
  std::string encoding = csv.encoding;
  Batch& b = create_batch(t, *agent, spec, std::move(csv));
  // Says how the file was read when it was not UTF-8 (README "Batches").
  if (encoding != "utf-8") ctx.res.set_header("X-Emulator-Csv-Encoding", encoding);
  ctx.reply(201, Json{{"batch_id", b.id}, {"state", "created"}});
}

bool parse_bool(const Json& v, const char* name) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0" || s.empty()) return false;
  }
  throw bad_request(std::string(name) + " must be true or false, got " + dump_json(v));
}

// The schedule fields from a multipart, urlencoded or JSON body.
Json schedule_fields(RequestContext& ctx) {
  const auto& req = ctx.req;
  if (req.is_multipart_form_data() || is_form(req)) {
    Json out = Json::object();
    for (const char* name : {"scheduled_at", "bypass_call_guardrails", "agent_id", "batch_id"})
      if (auto v = field(req, name)) out[name] = *v;
    return out;
  }
  return ctx.json_object();
}

void schedule_with(RequestContext& ctx, Batch& b, const Json& body) {
  Tenant& t = tenant_of(ctx);
  if (!body.contains("scheduled_at") || body["scheduled_at"].is_null())
    throw bad_request(
        "scheduled_at is required (ISO 8601 with an offset, e.g. "
        "2026-06-23T18:30:00+00:00)");
  ScheduleCheck check = check_scheduled_at(body["scheduled_at"], t.now());
  if (!check.at) throw api_error(check.status, check.message);
  bool bypass = body.contains("bypass_call_guardrails")
                    ? parse_bool(body["bypass_call_guardrails"], "bypass_call_guardrails")
                    : false;
  if (!is_batch_schedulable(b))
    throw bad_request("Batch is " + b.status +
                      "; only a created, processed or scheduled batch "
                      "can be scheduled");
  schedule_batch(t, b, round_up_to_ten_minutes(*check.at), bypass);
  ctx.reply(200, Json{{"message", "success"}, {"state", "scheduled"}});
}

void schedule(RequestContext& ctx) {
  Batch& b = find_batch(ctx, ctx.param("batch_id"));
  schedule_with(ctx, b, schedule_fields(ctx));
}

// Legacy: POST /batches/schedule with agent_id, batch_id and scheduled_at fields.
void schedule_legacy(RequestContext& ctx) {
  Json body = schedule_fields(ctx);
  if (!body.contains("batch_id") || !body["batch_id"].is_string())
    throw bad_request("batch_id is required");
  Batch& b = find_batch(ctx, body["batch_id"].get<std::string>());
  if (body.contains("agent_id") && body["agent_id"].is_string() &&
      !body["agent_id"].get<std::string>().empty() && body["agent_id"] != b.agent_id)
    throw not_found("Batch");
  schedule_with(ctx, b, body);
}

void stop(RequestContext& ctx) {
  Batch* b = tenant_of(ctx).batches.find(ctx.param("batch_id"));
  if (!b || !is_batch_stoppable(*b)) throw message_error(404, "Batch is not queued or running");
  stop_batch(tenant_of(ctx), *b);
  ctx.reply(200, Json{{"message", "success"}, {"state", "stopped"}});
}

void get(RequestContext& ctx) {
  Batch& b = find_batch(ctx, ctx.param("batch_id"));
  ctx.reply(200, batch_to_json(b, tenant_of(ctx).now(), ctx.profile()));
}

void list(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  if (!t.agents.find(ctx.param("agent_id"))) throw not_found("Agent");
  Json out = Json::array();
  for (const Batch* b : t.batches.all())
    if (b->agent_id == ctx.param("agent_id"))
      out.push_back(batch_to_json(*b, t.now(), ctx.profile()));
  ctx.reply(200, out);
}

size_t page_param(RequestContext& ctx, const char* name, size_t fallback, size_t max) {
  auto v = ctx.query(name);
  if (!v) return fallback;
  size_t n = 0;
  bool ok = !v->empty() && v->size() <= 9;
  for (char c : *v) ok = ok && c >= '0' && c <= '9';
  if (ok) n = std::stoul(*v);
  if (!ok || n < 1)
    throw bad_request(std::string(name) + " must be a positive integer, got '" + *v + "'");
  if (n > max) throw bad_request(std::string(name) + " must be at most " + std::to_string(max));
  return n;
}

void executions(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  Batch& b = find_batch(ctx, ctx.param("batch_id"));
  std::vector<const Execution*> rows;
  rows.reserve(b.execution_ids.size());
  for (const auto& id : b.execution_ids)
    if (const Execution* e = t.executions.find(id)) rows.push_back(e);
  bool paged = ctx.query("page_number") || ctx.query("page_size");
  if (!paged) {
    // Built as text: a 100k-row batch would be slow as one nlohmann tree.
    std::string body = "[";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i) body += ',';
      body += dump_json(execution_to_json(*rows[i], ctx.profile(), ctx.public_url));
    }
    body += ']';
    ctx.res.status = 200;
    ctx.res.set_content(body, "application/json");
    return;
  }
  size_t page_number = page_param(ctx, "page_number", 1, 1'000'000);
  size_t page_size = page_param(ctx, "page_size", 20, kMaxPageSize);
  size_t begin = (page_number - 1) * page_size;
  Json data = Json::array();
  for (size_t i = begin; i < rows.size() && i < begin + page_size; ++i)
    data.push_back(execution_to_json(*rows[i], ctx.profile(), ctx.public_url));
  Json out = Json::object();
  out["data"] = data;
  out["total"] = rows.size();
  out["has_more"] = begin + page_size < rows.size();
  out["page_number"] = page_number;
  out["page_size"] = page_size;
  ctx.reply(200, out);
}

void remove(RequestContext& ctx) {
  if (!delete_batch(tenant_of(ctx), ctx.param("batch_id"))) throw not_found("Batch");
  ctx.reply(200, Json{{"message", "success"}, {"state", "deleted"}});
}

}  // namespace

void register_batch_routes(Router& router, Services&) {
  RouteOptions multipart;
  multipart.multipart = true;
  router.add("POST", "/batches", create, multipart);
  router.add("POST", "/batches/schedule", schedule_legacy, multipart);
  router.add("POST", "/batches/{batch_id}/schedule", schedule, multipart);
  router.add("POST", "/batches/{batch_id}/stop", stop);
  router.add("GET", "/batches/{batch_id}", get);
  router.add("DELETE", "/batches/{batch_id}", remove);
  router.add("GET", "/batches/{agent_id}/all", list);
  router.add("GET", "/batches/{batch_id}/executions", executions);
}

}  // namespace bolna
