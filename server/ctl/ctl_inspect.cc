// ctl verbs that read what happened: executions, timeline, webhooks (list, flush,
// redeliver), sink (with --follow polling), journal.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "ctl/ctl_output.h"
#include "ctl/ctl_verbs.h"

namespace bolna::ctl {

namespace {

void print_attempts(Context& ctx, const Json& attempts) {
  Table table({"ID", "DELIVERY", "AT", "FOR", "STATUS", "TRY", "RESULT", "CODE", "URL"});
  for (const Json& a : attempts) {
    std::string code =
        a.value("response_code", Json()).is_null() ? cell(a, "error") : cell(a, "response_code");
    std::string target = a.value("execution_id", Json()).is_null() ? "batch " + cell(a, "batch_id")
                                                                   : cell(a, "execution_id");
    table.add({cell(a, "id"), cell(a, "delivery_id"), short_time(a.value("virtual_time", Json())),
               target, cell(a, "status"), cell(a, "attempt"), cell(a, "result"), code,
               cell(a, "url")});
  }
  table.print(ctx.out);
}

void print_backlog(Context& ctx, const Json& b) {
  ctx.out << "queued " << cell(b, "queued") << ", in flight " << cell(b, "in_flight")
          << ", waiting retry " << cell(b, "waiting_retry") << "\n";
}

}  // namespace

void executions(Context& ctx, const std::string& status, const std::string& agent_id) {
  // No tenant-wide list in the API: every agent's v1 list (which is unpaginated).
  std::vector<std::string> agents;
  if (!agent_id.empty()) {
    agents.push_back(agent_id);
  } else {
    for (const Json& agent : ctx.client.get("/v2/agent/all"))
      if (agent.contains("id") && agent["id"].is_string()) agents.push_back(agent["id"]);
  }
  Json all = Json::array();
  for (const auto& id : agents)
    for (const Json& e : ctx.client.get("/agent/" + url_segment(id) + "/executions"))
      if (status.empty() || e.value("status", "") == status) all.push_back(e);
  std::stable_sort(all.begin(), all.end(), [](const Json& a, const Json& b) {
    return a.value("created_at", "") > b.value("created_at", "");
  });
  if (ctx.json) return print_json(ctx.out, all);
  if (all.empty()) {
    ctx.out << "no executions" << (status.empty() ? "" : " with status " + status) << "\n";
    return;
  }
  Table table({"ID", "STATUS", "TO", "AGENT", "CREATED", "UPDATED"});
  for (const Json& e : all)
    table.add({cell(e, "id"), cell(e, "status"), cell(e, "user_number"), cell(e, "agent_id"),
               short_time(e.value("created_at", Json())),
               short_time(e.value("updated_at", Json()))});
  table.print(ctx.out);
}

void timeline(Context& ctx, const std::string& execution_id) {
  Json answer = ctx.client.get("/__emulator/executions/" + url_segment(execution_id) + "/timeline");
  if (ctx.json) return print_json(ctx.out, answer);
  ctx.out << "execution " << cell(answer, "execution_id") << "  status " << cell(answer, "status")
          << "  outcome " << cell(answer, "outcome") << "\n";
  Table table({"AT", "FROM", "TO"});
  for (const Json& c : answer["timeline"])
    table.add({short_time(c["at"]), cell(c, "from"), cell(c, "to")});
  table.print(ctx.out);
  const Json& deliveries = answer["deliveries"];
  if (deliveries.empty()) {
    ctx.out << "no webhook deliveries\n";
    return;
  }
  ctx.out << "\nwebhook deliveries:\n";
  print_attempts(ctx, deliveries);
}

void webhooks(Context& ctx, const std::string& execution_id, const std::string& batch_id) {
  Query query;
  if (!execution_id.empty()) query.emplace_back("execution_id", execution_id);
  if (!batch_id.empty()) query.emplace_back("batch_id", batch_id);
  Json answer = ctx.client.get("/__emulator/webhooks", query);
  if (ctx.json) return print_json(ctx.out, answer);
  if (answer["attempts"].empty())
    ctx.out << "no webhook attempts\n";
  else
    print_attempts(ctx, answer["attempts"]);
  print_backlog(ctx, answer);
}

int webhooks_flush(Context& ctx, const std::string& timeout) {
  Json body = Json::object();
  double seconds = timeout.empty() ? 10.0 : duration_arg("--timeout", timeout);
  body["timeout_ms"] = static_cast<long long>(seconds * 1000);
  Json answer = ctx.client.send("POST", "/__emulator/webhooks/flush", body);
  bool done = answer.value("done", false);
  if (ctx.json) {
    print_json(ctx.out, answer);
  } else {
    ctx.out << (done ? "done: " : "not done: ");
    print_backlog(ctx, answer);
  }
  return done ? 0 : 1;
}

void webhooks_redeliver(Context& ctx, const std::string& attempt_id) {
  Json answer = ctx.client.send(
      "POST", "/__emulator/webhooks/" + url_segment(attempt_id) + "/redeliver", Json::object());
  if (ctx.json) return print_json(ctx.out, answer);
  ctx.out << "queued delivery " << cell(answer, "delivery_id") << " (again attempt "
          << cell(answer, "redelivery_of") << ")\n";
}

int sink(Context& ctx, const SinkOptions& o) {
  const std::string path = "/__emulator/sink/" + url_segment(o.name);
  if (o.clear) {
    Json answer = ctx.client.send("DELETE", path, nullptr, Auth::kNone);
    if (ctx.json)
      print_json(ctx.out, answer);
    else
      ctx.out << "cleared sink " << o.name << "\n";
    return 0;
  }
  Json answer = ctx.client.get(path, {}, Auth::kNone);
  if (!o.follow) {
    if (ctx.json) {
      print_json(ctx.out, answer);
      return 0;
    }
    ctx.out << "sink " << o.name << ": " << cell(answer, "received") << " received, "
            << cell(answer, "dropped") << " dropped\n";
    for (const Json& b : answer["bodies"]) ctx.out << b.dump() << "\n";
    return 0;
  }
  // --follow: one body per line (JSON), new ones as later polls find them.
  double interval = duration_arg("--interval", o.interval);
  if (interval <= 0) throw UsageError("--interval must be more than 0");
  std::optional<double> limit;
  if (!o.timeout.empty()) limit = duration_arg("--timeout", o.timeout);
  auto started = std::chrono::steady_clock::now();
  long long shown = 0;
  long long seen = 0;  // "received" at the last poll
  for (;;) {
    long long received = answer.value("received", 0LL);
    const Json& bodies = answer["bodies"];
    if (received < seen) seen = 0;  // cleared meanwhile
    long long fresh = std::min<long long>(received - seen, static_cast<long long>(bodies.size()));
    for (size_t i = bodies.size() - static_cast<size_t>(fresh); i < bodies.size(); ++i) {
      ctx.out << bodies[i].dump() << "\n";
      if (o.count && ++shown >= *o.count) {
        ctx.out.flush();
        return 0;
      }
    }
    ctx.out.flush();
    seen = received;
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (limit && elapsed + interval > *limit) {
      if (o.count) {
        ctx.err << "bolna-emulator ctl: sink " << o.name << ": " << shown << " of " << *o.count
                << " bodies within " << o.timeout << "\n";
        return 1;
      }
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(interval));
    answer = ctx.client.get(path, {}, Auth::kNone);
  }
}

void journal(Context& ctx, const JournalFilter& f) {
  Query query;
  if (!f.method.empty()) query.emplace_back("method", f.method);
  if (!f.path.empty()) query.emplace_back("path", f.path);
  if (!f.status.empty()) query.emplace_back("status", f.status);
  if (!f.since.empty()) query.emplace_back("since", f.since);
  if (f.limit) query.emplace_back("limit", std::to_string(*f.limit));
  Json answer = ctx.client.get("/__emulator/requests", query);
  if (ctx.json) return print_json(ctx.out, answer);
  const Json& entries = answer["entries"];
  if (!entries.empty()) {
    Table table({"SEQ", "TIME", "METHOD", "PATH", "STATUS", "MS", "FAULT"});
    for (const Json& e : entries) {
      std::string path = cell(e, "path");
      if (e.value("query", "") != "") path += "?" + e.value("query", "");
      char ms[32];
      std::snprintf(ms, sizeof ms, "%.1f", e.value("duration_ms", 0.0));
      table.add({cell(e, "seq"), short_time(e.value("time", Json())), cell(e, "method"), path,
                 cell(e, "status"), ms, cell(e, "fault")});
    }
    table.print(ctx.out);
  }
  ctx.out << cell(answer, "count") << " of " << cell(answer, "size") << " entries (capacity "
          << cell(answer, "capacity") << ", dropped " << cell(answer, "dropped") << ", last seq "
          << cell(answer, "last_seq") << ")\n";
}

void journal_clear(Context& ctx) {
  Json answer = ctx.client.send("DELETE", "/__emulator/requests");
  if (ctx.json) return print_json(ctx.out, answer);
  ctx.out << "deleted " << cell(answer, "deleted") << " journal entries\n";
}

}  // namespace bolna::ctl
