#include "agents/agent_validation.h"

#include <doctest/doctest.h>

using namespace bolna;

namespace {
Json valid_body() {
  return Json::parse(R"({"agent_config": {"agent_name": "A", "tasks": [
    {"task_type": "conversation", "toolchain": {"execution": "parallel",
     "pipelines": [["transcriber", "llm", "synthesizer"]]},
     "tools_config": {"llm_agent": {"llm_config": {"model": "gpt-4.1-mini", "temperature": 0.2}}}}]},
    "agent_prompts": {"task_1": {"system_prompt": "x"}}})");
}
}  // namespace

TEST_CASE("agent validation: documented messages") {
  CHECK(validate_agent_body(valid_body(), AgentApi::kV2).message() == "");
  CHECK(validate_agent_body(Json::object(), AgentApi::kV2).message() == "agent_config is required");
  Json b = valid_body();
  b["agent_config"].erase("tasks");
  CHECK(validate_agent_body(b, AgentApi::kV2).message() == "tasks is required");
  b = valid_body();
  b["agent_config"]["tasks"][0]["toolchain"]["pipelines"] = Json::array({"llm"});
  CHECK(validate_agent_body(b, AgentApi::kV2).message() == "toolchain.pipelines must be array of arrays");
  b = valid_body();
  b["agent_config"]["tasks"][0]["tools_config"]["llm_agent"]["llm_config"]["model"] = "gpt-5";
  CHECK(validate_agent_body(b, AgentApi::kV2).message() == "For GPT-5 models, temperature must be 1");
  b = valid_body();
  b["agent_config"]["tasks"][0]["tools_config"]["llm_agent"]["llm_config"]["reasoning_effort"] = "high";
  CHECK(validate_agent_body(b, AgentApi::kV2).message() ==
        "reasoning_effort 'high' is not supported for model 'gpt-4.1-mini'");
}

TEST_CASE("agent validation: clear messages for names and types") {
  Json b = valid_body();
  b["agent_config"].erase("agent_name");
  CHECK(validate_agent_body(b, AgentApi::kV2).message() == "agent_config.agent_name is required");
  b = valid_body();
  b["agent_config"]["agent_name"] = 5;
  CHECK(validate_agent_body(b, AgentApi::kV2).message() ==
        "agent_config.agent_name must be a string, got a number");
  b = valid_body();
  b["agent_config"]["tasks"] = "x";
  CHECK(validate_agent_body(b, AgentApi::kV2).message() == "agent_config.tasks must be an array, got a string");
  b = valid_body();
  b["agent_config"]["tasks"][0]["toolchain"]["pipelines"][0][1] = "robot";
  CHECK(validate_agent_body(b, AgentApi::kV2).message() ==
        "agent_config.tasks[0].toolchain.pipelines[0][1] must be one of transcriber, llm, "
        "synthesizer");
  b = valid_body();
  b["agent_config"]["calling_guardrails"] = {{"call_start_hour", 20}, {"call_end_hour", 9}};
  CHECK(validate_agent_body(b, AgentApi::kV2).message().find("call_end_hour") != std::string::npos);
  b = valid_body();
  b["agent_config"]["tasks"][0]["task_type"] = "webhook";
  CHECK(validate_agent_body(b, AgentApi::kV2).message() != "");
  CHECK(validate_agent_body(b, AgentApi::kV1).message() == "");
}

TEST_CASE("agent patch: whitelist, webhook removal, telephony provider rewrite") {
  Json config = valid_body()["agent_config"];
  config["webhook_url"] = "http://x";
  Json patch = Json::parse(R"({"agent_name": "B", "webhook_url": null, "agent_type": "sales",
                               "tasks": [], "telephony_provider": "sip-trunk"})");
  REQUIRE(validate_agent_patch(Json{{"agent_config", patch}}).message() == "");
  apply_agent_patch(config, patch);
  CHECK(config["agent_name"] == "B");
  CHECK_FALSE(config.contains("webhook_url"));
  CHECK_FALSE(config.contains("agent_type"));  // not whitelisted: ignored
  CHECK(config["tasks"].size() == 1);          // not whitelisted: ignored
  CHECK(config["tasks"][0]["tools_config"]["input"] == Json{{"provider", "sip-trunk"}, {"format", "ulaw"}});
  CHECK(config["tasks"][0]["tools_config"]["output"]["format"] == "ulaw");
  apply_agent_patch(config, Json{{"telephony_provider", "twilio"}});
  CHECK(config["tasks"][0]["tools_config"]["input"]["format"] == "wav");
  CHECK(validate_agent_patch(Json{{"agent_config", {{"telephony_provider", "skype"}}}}).message() != "");
}

// Issue #14 item 7: {"task_1": 5} was accepted (201).
TEST_CASE("agent validation: every agent_prompts value is an object with a string system_prompt") {
  Json b = valid_body();
  b["agent_prompts"] = {{"task_1", 5}};
  CHECK(
      validate_agent_body(b, AgentApi::kV2).message() ==
      "agent_prompts.task_1 must be an object such as {\"system_prompt\": \"...\"}, got a number");
  b["agent_prompts"] = {{"task_1", {{"system_prompt", "ok"}}}, {"task_2", "text"}};
  CHECK(
      validate_agent_body(b, AgentApi::kV1).message() ==
      "agent_prompts.task_2 must be an object such as {\"system_prompt\": \"...\"}, got a string");
  b["agent_prompts"] = {{"task_1", {{"system_prompt", Json::array()}}}};
  CHECK(validate_agent_body(b, AgentApi::kV2).message() ==
        "agent_prompts.task_1.system_prompt must be a string, got an array");
  b["agent_prompts"] = {{"task_1", {{"system_prompt", nullptr}}}};
  CHECK(validate_agent_body(b, AgentApi::kV2).message() == "");
  b["agent_prompts"] = Json::object();
  CHECK(validate_agent_body(b, AgentApi::kV2).message() == "");

  CHECK(
      validate_agent_patch(Json{{"agent_prompts", {{"task_1", 5}}}}).message() ==
      "agent_prompts.task_1 must be an object such as {\"system_prompt\": \"...\"}, got a number");
  CHECK(validate_agent_patch(Json{{"agent_prompts", {{"task_1", {{"system_prompt", "x"}}}}}}).message() ==
        "");
}
