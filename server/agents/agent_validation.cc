#include "agents/agent_validation.h"

#include <array>
#include <string_view>

#include "common/json_text.h"

namespace bolna {

namespace {

const char* type_name(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string must_be(const std::string& where, const char* what, const Json& got) {
  return where + " must be " + what + ", got " + type_name(got);
}

bool one_of(const std::string& value, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (value == a) return true;
  return false;
}

std::string validate_guardrails(const Json& g, const std::string& where) {
  if (g.is_null()) return "";
  if (!g.is_object()) return must_be(where, "an object", g);
  int start = -1, end = -1;
  for (const char* key : {"call_start_hour", "call_end_hour"}) {
    if (!g.contains(key)) continue;
    const Json& h = g[key];
    if (!h.is_number_integer() || h.get<int64_t>() < 0 || h.get<int64_t>() > 23)
      return where + "." + key + " must be an integer from 0 to 23";
    (std::string_view(key) == "call_start_hour" ? start : end) = h.get<int>();
  }
  if (start >= 0 && end >= 0 && end < start)
    return where + ".call_end_hour must be greater than or equal to call_start_hour";
  return "";
}

bool is_reasoning_model(const std::string& model) {
  return model.rfind("gpt-5", 0) == 0 || model.rfind("o1", 0) == 0 ||
         model.rfind("o3", 0) == 0 || model.rfind("o4", 0) == 0;
}

std::string validate_llm_config(const Json& llm, const std::string& where) {
  if (!llm.is_object()) return "";
  std::string model = llm.value("model", "");
  if (model.rfind("gpt-5", 0) == 0 && llm.contains("temperature") &&
      llm["temperature"].is_number() && llm["temperature"].get<double>() != 1.0)
    return "For GPT-5 models, temperature must be 1";
  if (llm.contains("reasoning_effort") && !llm["reasoning_effort"].is_null()) {
    std::string effort =
        llm["reasoning_effort"].is_string() ? llm["reasoning_effort"].get<std::string>() : "";
    if (!is_reasoning_model(model) || !one_of(effort, {"minimal", "low", "medium", "high"}))
      return "reasoning_effort '" +
             (llm["reasoning_effort"].is_string() ? effort : dump_json(llm["reasoning_effort"])) +
             "' is not supported for model '" + model + "'";
  }
  (void)where;
  return "";
}

std::string validate_task(const Json& task, const std::string& where, AgentApi api) {
  if (!task.is_object()) return must_be(where, "an object", task);
  if (task.contains("task_type")) {
    const Json& t = task["task_type"];
    bool ok = t.is_string() &&
              (one_of(t.get<std::string>(), {"conversation", "extraction", "summarization"}) ||
               (api == AgentApi::kV1 && t.get<std::string>() == "webhook"));
    if (!ok)
      return where + ".task_type must be one of conversation, extraction, summarization" +
             (api == AgentApi::kV1 ? ", webhook" : "");
  }
  if (!task.contains("toolchain")) return where + ".toolchain is required";
  const Json& toolchain = task["toolchain"];
  if (!toolchain.is_object()) return must_be(where + ".toolchain", "an object", toolchain);
  if (toolchain.contains("execution")) {
    const Json& e = toolchain["execution"];
    if (!e.is_string() || !one_of(e.get<std::string>(), {"parallel", "sequential"}))
      return where + ".toolchain.execution must be one of parallel, sequential";
  }
  if (!toolchain.contains("pipelines")) return where + ".toolchain.pipelines is required";
  const Json& pipelines = toolchain["pipelines"];
  if (!pipelines.is_array()) return "toolchain.pipelines must be array of arrays";
  for (size_t i = 0; i < pipelines.size(); ++i) {
    if (!pipelines[i].is_array()) return "toolchain.pipelines must be array of arrays";
    for (size_t j = 0; j < pipelines[i].size(); ++j) {
      const Json& item = pipelines[i][j];
      if (!item.is_string() || !one_of(item.get<std::string>(), {"transcriber", "llm", "synthesizer"}))
        return where + ".toolchain.pipelines[" + std::to_string(i) + "][" + std::to_string(j) +
               "] must be one of transcriber, llm, synthesizer";
    }
  }
  if (task.contains("tools_config") && !task["tools_config"].is_null()) {
    const Json& tools = task["tools_config"];
    if (!tools.is_object()) return must_be(where + ".tools_config", "an object", tools);
    if (tools.contains("llm_agent") && tools["llm_agent"].is_object()) {
      const Json& agent = tools["llm_agent"];
      std::string err = validate_llm_config(agent.value("llm_config", Json()), where);
      if (err.empty() && agent.contains("model"))  // flat llm_agent (v1 shape)
        err = validate_llm_config(agent, where);
      if (!err.empty()) return err;
    }
  }
  return "";
}

std::string validate_ingest(const Json& ingest, const std::string& where) {
  if (ingest.is_null()) return "";
  if (!ingest.is_object()) return must_be(where, "an object", ingest);
  std::string type = ingest.value("source_type", "");
  if (!one_of(type, {"api", "csv", "google_sheet"}))
    return where + ".source_type must be one of api, csv, google_sheet";
  auto need = [&](const char* key) -> std::string {
    if (!ingest.contains(key) || !ingest[key].is_string() || ingest[key].get<std::string>().empty())
      return where + "." + key + " is required when source_type is " + type;
    return "";
  };
  std::string err;
  if (type == "api") {
    if (!(err = need("source_url")).empty()) return err;
    return need("source_auth_token");
  }
  if (type == "csv") return need("source_name");
  if (!(err = need("source_name")).empty()) return err;
  return need("source_url");
}

std::string validate_optional_string(const Json& config, const char* key, bool nullable) {
  if (!config.contains(key)) return "";
  const Json& v = config[key];
  if (v.is_string() || (nullable && v.is_null())) return "";
  return must_be(std::string("agent_config.") + key, nullable ? "a string or null" : "a string", v);
}

constexpr std::array<std::string_view, 6> kTelephonyProviders = {
    "twilio", "plivo", "exotel", "vobiz", "sip-trunk", "default"};

std::string validate_telephony_provider(const Json& config) {
  if (!config.contains("telephony_provider")) return "";
  const Json& p = config["telephony_provider"];
  if (p.is_string())
    for (auto known : kTelephonyProviders)
      if (p.get<std::string>() == known) return "";
  return "agent_config.telephony_provider must be one of twilio, plivo, exotel, vobiz, "
         "sip-trunk, default";
}

// agent_prompts: {"task_1": {"system_prompt": "..."}, ...}: every value an object, and its
// system_prompt (when present) a string.
std::string validate_prompts(const Json& prompts) {
  if (!prompts.is_object()) return must_be("agent_prompts", "an object", prompts);
  for (const auto& [task, prompt] : prompts.items()) {
    std::string where = "agent_prompts." + task;
    if (!prompt.is_object())
      return must_be(where, "an object such as {\"system_prompt\": \"...\"}", prompt);
    if (prompt.contains("system_prompt") && !prompt["system_prompt"].is_null() &&
        !prompt["system_prompt"].is_string())
      return must_be(where + ".system_prompt", "a string", prompt["system_prompt"]);
  }
  return "";
}

// The optional agent_config fields that create, replace and patch all check alike.
std::string validate_shared_fields(const Json& config) {
  for (auto [key, nullable] :
       {std::pair{"agent_welcome_message", false}, std::pair{"webhook_url", true}}) {
    std::string err = validate_optional_string(config, key, nullable);
    if (!err.empty()) return err;
  }
  if (config.contains("calling_guardrails")) {
    std::string err =
        validate_guardrails(config["calling_guardrails"], "agent_config.calling_guardrails");
    if (!err.empty()) return err;
  }
  if (config.contains("ingest_source_config")) {
    std::string err =
        validate_ingest(config["ingest_source_config"], "agent_config.ingest_source_config");
    if (!err.empty()) return err;
  }
  return validate_telephony_provider(config);
}

}  // namespace

static std::string validate_agent_body_text(const Json& body, AgentApi api) {
  if (!body.is_object()) return "request body must be a JSON object";
  if (!body.contains("agent_config") || body["agent_config"].is_null())
    return "agent_config is required";
  const Json& config = body["agent_config"];
  if (!config.is_object()) return must_be("agent_config", "an object", config);
  if (!config.contains("agent_name")) return "agent_config.agent_name is required";
  if (!config["agent_name"].is_string())
    return must_be("agent_config.agent_name", "a string", config["agent_name"]);
  if (config["agent_name"].get<std::string>().empty())
    return "agent_config.agent_name must not be empty";
  if (!config.contains("tasks") || config["tasks"].is_null()) return "tasks is required";
  const Json& tasks = config["tasks"];
  if (!tasks.is_array()) return must_be("agent_config.tasks", "an array", tasks);
  if (tasks.empty()) return "agent_config.tasks must contain at least one task";
  for (size_t i = 0; i < tasks.size(); ++i) {
    std::string err = validate_task(tasks[i], "agent_config.tasks[" + std::to_string(i) + "]", api);
    if (!err.empty()) return err;
  }
  if (config.contains("agent_type")) {
    std::string err = validate_optional_string(config, "agent_type", false);
    if (!err.empty()) return err;
  }
  std::string err = validate_shared_fields(config);
  if (!err.empty()) return err;
  if (!body.contains("agent_prompts") || body["agent_prompts"].is_null())
    return "agent_prompts is required";
  return validate_prompts(body["agent_prompts"]);
}

static std::string validate_agent_patch_text(const Json& body) {
  if (!body.is_object()) return "request body must be a JSON object";
  if (body.contains("agent_prompts")) {
    std::string err = validate_prompts(body["agent_prompts"]);
    if (!err.empty()) return err;
  }
  if (!body.contains("agent_config")) return "";
  const Json& config = body["agent_config"];
  if (!config.is_object()) return must_be("agent_config", "an object", config);
  if (config.contains("agent_name") &&
      (!config["agent_name"].is_string() || config["agent_name"].get<std::string>().empty()))
    return "agent_config.agent_name must be a non-empty string";
  if (config.contains("synthesizer") && !config["synthesizer"].is_object())
    return must_be("agent_config.synthesizer", "an object", config["synthesizer"]);
  return validate_shared_fields(config);
}

void apply_agent_patch(Json& config, const Json& patch) {
  for (const char* key : {"agent_name", "agent_welcome_message", "ingest_source_config",
                          "calling_guardrails"}) {
    if (patch.contains(key)) config[key] = patch[key];
  }
  if (patch.contains("webhook_url")) {
    if (patch["webhook_url"].is_null())
      config.erase("webhook_url");
    else
      config["webhook_url"] = patch["webhook_url"];
  }
  Json& tasks = config["tasks"];
  if (!tasks.is_array()) tasks = Json::array();
  if (patch.contains("synthesizer")) {
    for (Json& task : tasks) {
      if (!task.is_object()) continue;
      if (!task.contains("tools_config") || !task["tools_config"].is_object())
        task["tools_config"] = Json::object();
      task["tools_config"]["synthesizer"] = patch["synthesizer"];
    }
  }
  if (patch.contains("telephony_provider")) {
    std::string provider = patch["telephony_provider"].get<std::string>();
    config["telephony_provider"] = provider;
    std::string io_provider = provider == "default" ? "plivo" : provider;
    std::string format = provider == "sip-trunk" ? "ulaw" : "wav";
    for (Json& task : tasks) {
      if (!task.is_object()) continue;
      if (!task.contains("tools_config") || !task["tools_config"].is_object())
        task["tools_config"] = Json::object();
      for (const char* io : {"input", "output"})
        task["tools_config"][io] = Json{{"provider", io_provider}, {"format", format}};
    }
  }
}

Status validate_agent_body(const Json& body, AgentApi api) {
  return Status::InvalidIf(validate_agent_body_text(body, api));
}

Status validate_agent_patch(const Json& body) {
  return Status::InvalidIf(validate_agent_patch_text(body));
}

}  // namespace bolna
