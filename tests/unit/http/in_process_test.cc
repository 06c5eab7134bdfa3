// HttpServer::serve_in_process: a request given as bytes goes through cpp-httplib's
// parser, the dispatcher and a handler without a socket, and comes back as the response
// a client would read (http/in_process.h), including the dispatcher's error bodies,
// multipart uploads, chunked bodies and "100 Continue".
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "common/config.h"
#include "http/api_error.h"
#include "http/http_server.h"
#include "http/request_context.h"

using namespace bolna;

namespace {

class OpenAccount : public Account {
 public:
  bool read_only() const override { return false; }
};

class OpenDirectory : public AccountDirectory {
 public:
  std::shared_ptr<Account> find_or_create(const std::string& key) override {
    if (key == "refused") return nullptr;
    return account;
  }
  std::shared_ptr<Account> account = std::make_shared<OpenAccount>();
};

struct Fixture {
  Config config;
  OpenDirectory directory;
  std::unique_ptr<HttpServer> server;
  Fixture() {
    server = std::make_unique<HttpServer>(config, directory);
    server->router().add("POST", "/echo/{word}", [](RequestContext& ctx) {
      ctx.reply(201, Json{{"word", ctx.param("word")}, {"body", ctx.json_object()}});
    });
    RouteOptions upload;
    upload.multipart = true;
    server->router().add(
        "POST", "/upload",
        [](RequestContext& ctx) {
          ctx.reply(200, Json{{"file", ctx.req.get_file_value("file").content}});
        },
        upload);
  }
};

std::string request(const std::string& head, const std::string& body) {
  return head + "Authorization: Bearer k\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("in-process: a request reaches its handler and the reply comes back") {
  Fixture f;
  InProcessResponse r =
      f.server->serve_in_process(request("POST /echo/hi HTTP/1.1\r\nHost: x\r\n", R"({"a":1})"));
  REQUIRE_FALSE(r.dropped);
  CHECK(r.status == 201);
  CHECK(r.header("content-type") == "application/json");
  CHECK(r.header("Connection") == "close");
  CHECK(Json::parse(r.body) == Json{{"word", "hi"}, {"body", {{"a", 1}}}});
}

TEST_CASE("in-process: the dispatcher's errors have the documented JSON shape") {
  Fixture f;
  InProcessResponse r = f.server->serve_in_process(request("GET /nope HTTP/1.1\r\n", ""));
  CHECK(r.status == 404);
  CHECK(Json::parse(r.body) == Json{{"error", 404}, {"message", "No route for GET /nope"}});
  r = f.server->serve_in_process(request("GET /echo/hi HTTP/1.1\r\n", ""));
  CHECK(r.status == 405);
  CHECK(r.header("Allow") == "POST");
  r = f.server->serve_in_process(request("POST /echo/hi HTTP/1.1\r\n", "{"));
  CHECK(r.status == 400);
  CHECK(Json::parse(r.body)["message"].get<std::string>().rfind("Malformed JSON body", 0) == 0);
  r = f.server->serve_in_process("POST /echo/hi HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  CHECK(r.status == 401);
  // cpp-httplib's own refusal of a malformed request line goes through the error handler.
  r = f.server->serve_in_process("NOT-HTTP\r\n\r\n");
  CHECK(r.status == 400);
  CHECK(Json::parse(r.body)["error"] == 400);
}

TEST_CASE("in-process: multipart, chunked and 100-continue requests") {
  Fixture f;
  std::string body =
      "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
      "contact_number\r\n+15550000001\r\n--XX--\r\n";
  InProcessResponse r = f.server->serve_in_process(
      request("POST /upload HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XX\r\n", body));
  CHECK(r.status == 200);
  CHECK(Json::parse(r.body)["file"] == "contact_number\r\n+15550000001");

  r = f.server->serve_in_process(
      "POST /echo/chunk HTTP/1.1\r\nAuthorization: Bearer k\r\nTransfer-Encoding: chunked\r\n"
      "\r\n3\r\n{\"b\r\n4\r\n\":2}\r\n0\r\n\r\n");
  CHECK(r.status == 201);
  CHECK(Json::parse(r.body)["body"] == Json{{"b", 2}});

  r = f.server->serve_in_process(
      request("POST /echo/go HTTP/1.1\r\nExpect: 100-continue\r\n", "{}"));
  CHECK(r.raw.rfind("HTTP/1.1 100 Continue\r\n", 0) == 0);
  CHECK(r.status == 201);
}

TEST_CASE("in-process: reading response bytes") {
  CHECK(read_response_bytes("").dropped);
  CHECK(read_response_bytes("HTTP/1.1 0 Internal Server Error\r\n\r\n").dropped);
  CHECK(read_response_bytes("garbage").dropped);
  InProcessResponse r = read_response_bytes(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1;x=y\r\nc\r\n0\r\n\r\n");
  CHECK(r.status == 200);
  CHECK(r.body == "abc");
  r = read_response_bytes("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\nextra");
  CHECK(r.status == 204);
  CHECK(r.body.empty());
}
