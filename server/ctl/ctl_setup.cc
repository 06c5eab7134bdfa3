// ctl verbs that set a tenant up: scenario (show, load by name or file, reset, list) and
// faults (add, list, remove, clear).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ctl/ctl_output.h"
#include "ctl/ctl_verbs.h"
#include "ctl/duration.h"

namespace bolna::ctl {

namespace {

void print_scenario(Context& ctx, const Json& s, const std::string& verb) {
  if (ctx.json) return print_json(ctx.out, s);
  std::string outcomes;
  if (s.contains("outcomes") && s["outcomes"].is_object())
    for (const auto& [name, _] : s["outcomes"].items())
      outcomes += (outcomes.empty() ? "" : ", ") + name;
  ctx.out << verb << "scenario " << cell(s, "name") << " (" << cell(s, "source") << ", scope "
          << cell(s, "scope") << ")\n"
          << "description    " << cell(s, "description") << "\n"
          << "magic numbers  " << cell(s, "magic_numbers") << "\n"
          << "default        " << cell(s, "default") << "\n"
          << "rules          " << (s.contains("rules") ? s["rules"].size() : 0) << "\n"
          << "outcomes       " << (outcomes.empty() ? "-" : outcomes) << "\n";
}

std::string describe_fault(const Json& f) {
  std::string text = cell(f, "id") + ": " + cell(f, "method") + " " + cell(f, "path") + " -> ";
  if (f.value("drop", false))
    text += "drop the connection";
  else if (!f.value("status", Json()).is_null())
    text += cell(f, "status");
  else
    text += "answer normally";
  if (f.value("delay_ms", 0) > 0) text += " after " + cell(f, "delay_ms") + " ms";
  if (!f.value("count", Json()).is_null()) text += ", count " + cell(f, "count");
  if (!f.value("probability", Json()).is_null())
    text += ", probability " + cell(f, "probability") + " (seed " + cell(f, "seed") + ")";
  return text;
}

}  // namespace

void scenario_show(Context& ctx) {
  print_scenario(ctx, ctx.client.get("/__emulator/scenario"), "");
}

void scenario_load(Context& ctx, const std::string& name_or_file, bool all) {
  Json body;
  std::error_code ec;
  if (std::filesystem::is_regular_file(name_or_file, ec)) {
    std::ifstream in(name_or_file);
    std::stringstream text;
    text << in.rdbuf();
    body = Json::parse(text.str(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
      throw UsageError(name_or_file + " is not a JSON object (a scenario file)");
  } else {
    body = {{"file", name_or_file}};  // a name under the emulator's --scenarios-dir
  }
  Json answer =
      all ? ctx.client.send("PUT", "/__emulator/scenario", body, Auth::kAdmin, {{"all", "true"}})
          : ctx.client.send("PUT", "/__emulator/scenario", body);
  print_scenario(ctx, answer, all ? "loaded for every tenant: " : "loaded ");
}

void scenario_reset(Context& ctx) {
  print_scenario(ctx, ctx.client.send("DELETE", "/__emulator/scenario"), "back to ");
}

void scenario_list(Context& ctx) {
  Json answer = ctx.client.get("/__emulator/scenarios");
  if (ctx.json) return print_json(ctx.out, answer);
  ctx.out << "directory " << cell(answer, "directory") << "\n";
  Table table({"FILE", "NAME", "DESCRIPTION"});
  for (const Json& s : answer["scenarios"])
    table.add({cell(s, "file"), cell(s, "name"),
               s.contains("error") ? "invalid: " + cell(s, "error") : cell(s, "description")});
  table.print(ctx.out);
}

void faults_add(Context& ctx, const FaultOptions& o) {
  Json body = Json::object();
  if (!o.method.empty()) body["method"] = o.method;
  body["path"] = o.path;
  if (o.status) body["status"] = *o.status;
  if (!o.body.empty()) {
    Json parsed = Json::parse(o.body, nullptr, false);
    body["body"] = parsed.is_discarded() ? Json(o.body) : parsed;
  }
  if (!o.content_type.empty()) body["content_type"] = o.content_type;
  if (!o.headers.empty()) {
    Json headers = Json::object();
    for (const auto& h : o.headers) {
      auto colon = h.find(':');
      if (colon == std::string::npos || colon == 0)
        throw UsageError("--header must look like 'Name: value', got '" + h + "'");
      std::string value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(value.begin());
      headers[h.substr(0, colon)] = value;
    }
    body["headers"] = headers;
  }
  if (!o.delay.empty())
    body["delay_ms"] = static_cast<long long>(duration_arg("--delay", o.delay) * 1000);
  if (o.drop) body["drop"] = true;
  if (o.count) body["count"] = *o.count;
  if (o.probability) body["probability"] = *o.probability;
  if (o.seed) body["seed"] = *o.seed;
  Json answer = ctx.client.send("POST", "/__emulator/faults", body);
  if (ctx.json) return print_json(ctx.out, answer);
  ctx.out << "added " << describe_fault(answer) << "\n";
}

void faults_list(Context& ctx) {
  Json answer = ctx.client.get("/__emulator/faults");
  if (ctx.json) return print_json(ctx.out, answer);
  if (answer["faults"].empty()) {
    ctx.out << "no faults\n";
    return;
  }
  Table table({"ID", "METHOD", "PATH", "ACTION", "DELAY_MS", "REMAINING", "PROBABILITY", "MATCHED",
               "HITS"});
  for (const Json& f : answer["faults"])
    table.add({cell(f, "id"), cell(f, "method"), cell(f, "path"),
               f.value("drop", false) ? "drop" : cell(f, "status"), cell(f, "delay_ms"),
               cell(f, "remaining"), cell(f, "probability"), cell(f, "matched"), cell(f, "hits")});
  table.print(ctx.out);
}

void faults_remove(Context& ctx, const std::string& id) {
  Json answer = ctx.client.send("DELETE", "/__emulator/faults/" + url_segment(id));
  if (ctx.json) return print_json(ctx.out, answer);
  ctx.out << "removed " << id << "\n";
}

void faults_clear(Context& ctx) {
  Json answer = ctx.client.send("DELETE", "/__emulator/faults");
  if (ctx.json) return print_json(ctx.out, answer);
  ctx.out << "removed " << cell(answer, "deleted") << " faults\n";
}

}  // namespace bolna::ctl
