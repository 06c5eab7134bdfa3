// Request JSON limits (common/json_text.h): nesting depth, members per object, numbers out
// of range, UTF-8, duplicate keys, and a dump that never throws. Issue #14 items 1 and 3.
#include "common/json_text.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace bolna;

namespace {

JsonProblem parse(const std::string& text, Json* out = nullptr) {
  Json scratch;
  return parse_json_text(text, out ? out : &scratch);
}

std::string nested_arrays(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("json text: values parse as nlohmann's parser reads them") {
  Json j;
  REQUIRE(parse(R"( {"b": [1, -2, 3.5, true, null, "x"], "a": {"c": 18446744073709551615}} )", &j)
              .ok());
  CHECK(j ==
        Json::parse(R"({"b": [1, -2, 3.5, true, null, "x"], "a": {"c": 18446744073709551615}})"));
  CHECK(j.begin().key() == "b");  // insertion order kept
  REQUIRE(parse("\"just a string\"", &j).ok());
  CHECK(j == "just a string");
}

TEST_CASE("json text: duplicate keys keep their first position and their last value") {
  Json j;
  REQUIRE(parse(R"({"a": 1, "b": 2, "a": {"x": 3}})", &j).ok());
  CHECK(j.dump() == R"({"a":{"x":3},"b":2})");
  // Also past the size at which objects get a hash index.
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  text += "\"k3\": \"last\"}";
  REQUIRE(parse(text, &j).ok());
  CHECK(j.size() == 40);
  CHECK(j["k3"] == "last");
  CHECK(std::next(j.begin(), 3).key() == "k3");
}

TEST_CASE("json text: 64 levels of nesting are accepted, 65 are refused where they start") {
  Json j;
  CHECK(parse(nested_arrays(kMaxJsonDepth), &j).ok());
  CHECK_FALSE(json_deeper_than(j, kMaxJsonDepth));
  CHECK(json_deeper_than(j, kMaxJsonDepth - 1));
  JsonProblem p = parse(nested_arrays(kMaxJsonDepth + 1));
  CHECK(p.kind == JsonProblem::Kind::kLimit);
  CHECK(p.message ==
        "arrays and objects nest deeper than 64 levels at line 1, column 65 (the limit is 64)");
  // Brackets inside strings do not count toward the position.
  p = parse("{\"s\": \"[[[[\", \"a\": " + nested_arrays(64) + "}");
  CHECK(p.kind == JsonProblem::Kind::kLimit);
  CHECK(p.message.find("column 83") != std::string::npos);
}

TEST_CASE("json text: 60,000 nested arrays (the issue #14 crash) are refused without recursion") {
  for (const char* open : {"[", "{\"a\":"}) {
    std::string text;
    for (int i = 0; i < 60000; ++i) text += open;
    JsonProblem p = parse(text);  // unterminated too: the depth is what stops it
    CHECK(p.kind == JsonProblem::Kind::kLimit);
  }
  JsonProblem p = parse(nested_arrays(60000));
  CHECK(p.kind == JsonProblem::Kind::kLimit);
}

TEST_CASE("json text: at most 1000 members per object, named by path") {
  auto object_of = [](int n) {
    std::string text = "{";
    for (int i = 0; i < n; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
    return text + "}";
  };
  Json j;
  REQUIRE(parse(object_of(1000), &j).ok());
  CHECK(j.size() == 1000);
  JsonProblem p = parse(object_of(1001));
  CHECK(p.kind == JsonProblem::Kind::kLimit);
  CHECK(p.message == "the top-level object has more than 1000 members (the limit is 1000)");
  p = parse("{\"user_data\": {\"list\": [0, " + object_of(1001) + "]}}");
  CHECK(p.message == "object user_data.list[1] has more than 1000 members (the limit is 1000)");
  // Repeating a key does not add a member.
  std::string repeated = object_of(1000);
  repeated.insert(repeated.size() - 1, ",\"k5\":2");
  REQUIRE(parse(repeated, &j).ok());
  CHECK(j["k5"] == 2);
}

TEST_CASE("json text: wide objects are built in linear time") {
  // 100 objects of 1000 keys (~0.9 MB): quadratic key insertion took seconds.
  std::string text = "[";
  for (int o = 0; o < 100; ++o) {
    text += o ? ",{" : "{";
    for (int i = 0; i < 1000; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
    text += "}";
  }
  text += "]";
  auto started = std::chrono::steady_clock::now();
  Json j;
  REQUIRE(parse(text, &j).ok());
  CHECK(j.size() == 100);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("json text: numbers out of the range of a double are a range problem") {
  for (const char* text : {R"({"a":1e999})", R"({"a":-1e999})", "[1, 2, 1E400]"}) {
    JsonProblem p = parse(text);
    CHECK(p.kind == JsonProblem::Kind::kRange);
    CHECK(p.message.find("is out of range") != std::string::npos);
  }
  JsonProblem p = parse("{\n  \"a\": 1e999}");
  CHECK(p.message ==
        "number 1e999 at line 2, column 8 is out of range (a number must fit a double, at "
        "most about 1.8e308)");
  Json j;
  CHECK(parse("[1e308, 1e-999]", &j).ok());  // underflow is fine (0)
}

TEST_CASE("json text: syntax errors and invalid UTF-8 are syntax problems with a position") {
  JsonProblem p = parse(R"({"a": })");
  CHECK(p.kind == JsonProblem::Kind::kSyntax);
  CHECK(p.message.rfind("parse error at line 1, column 7: ", 0) == 0);
  p = parse("{\"name\": \"Jos\xE9\"}");
  CHECK(p.kind == JsonProblem::Kind::kSyntax);
  CHECK(p.message.find("ill-formed UTF-8") != std::string::npos);
  p = parse(R"({"a": "\ud800"})");  // a lone surrogate escape
  CHECK(p.kind == JsonProblem::Kind::kSyntax);
  p = parse("[1] [2]");
  CHECK(p.kind == JsonProblem::Kind::kSyntax);
  CHECK(parse("").kind == JsonProblem::Kind::kSyntax);
}

TEST_CASE("json text: dump_json never throws on invalid UTF-8") {
  Json j = {{"name", std::string("Jos\xE9")}};
  CHECK_THROWS(j.dump());
  CHECK(dump_json(j) == "{\"name\":\"Jos\xEF\xBF\xBD\"}");
}
