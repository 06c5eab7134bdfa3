#include "http/request_head.h"

#include <doctest/doctest.h>

#include <string>

using namespace bolna;

TEST_CASE("head scanner: a complete head and its framing") {
  HeadScanner s;
  std::string head =
      "POST /call HTTP/1.1\r\nHost: x\r\ncontent-length: 12\r\n"
      "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n";
  CHECK(s.scan(head + "{\"a\": 1}") == HeadStatus::kComplete);
  CHECK(s.head_bytes() == head.size());
  CHECK(s.headers() == 4);
  REQUIRE(s.content_length());
  CHECK(*s.content_length() == 12);
  CHECK(s.chunked());
  CHECK(s.expect_continue());
}

TEST_CASE("head scanner: incremental, byte by byte") {
  HeadScanner s;
  std::string head = "GET /x HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n";
  for (size_t i = 1; i < head.size(); ++i)
    CHECK(s.scan(std::string_view(head).substr(0, i)) == HeadStatus::kIncomplete);
  CHECK(s.scan(head) == HeadStatus::kComplete);
  CHECK(s.head_bytes() == head.size());
  CHECK(s.headers() == 2);
  CHECK_FALSE(s.content_length());
  s.reset();
  CHECK(s.status() == HeadStatus::kIncomplete);
  CHECK(s.scan("GET / HTTP/1.1\r\n\r\n") == HeadStatus::kComplete);
}

TEST_CASE("head scanner: limits on size, field count and line length") {
  HeadLimits limits;
  limits.max_head_bytes = 200;
  limits.max_headers = 3;
  limits.max_line_bytes = 50;
  {
    HeadScanner s(limits);
    CHECK(s.scan("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n") == HeadStatus::kIncomplete);
    CHECK(s.scan("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n") ==
          HeadStatus::kTooManyHeaders);
    CHECK(s.scan("GET / HTTP/1.1\r\n\r\n") == HeadStatus::kTooManyHeaders);  // final
  }
  {
    HeadScanner s(limits);
    CHECK(s.scan("GET / HTTP/1.1\r\nA: " + std::string(60, 'x')) == HeadStatus::kLineTooLong);
  }
  {
    HeadScanner s(limits);
    // Request line long (httplib answers 414 for that), but the total still counts.
    CHECK(s.scan("GET /" + std::string(100, 'a')) == HeadStatus::kIncomplete);
    CHECK(s.scan("GET /" + std::string(300, 'a')) == HeadStatus::kTooLarge);
  }
}

TEST_CASE("head scanner: lines without CRLF are not fields and do not end the head") {
  HeadScanner s;
  CHECK(s.scan("GET / HTTP/1.1\nA: 1\n\n") == HeadStatus::kIncomplete);
  CHECK(s.scan("GET / HTTP/1.1\nA: 1\n\n\r\n") == HeadStatus::kComplete);
  CHECK(s.headers() == 0);
}

TEST_CASE("head scanner: a non-numeric Content-Length is not a length") {
  HeadScanner s;
  CHECK(s.scan("POST / HTTP/1.1\r\nContent-Length: 1x\r\nContent-Length: 5\r\n\r\n") ==
        HeadStatus::kComplete);
  CHECK_FALSE(s.content_length());
}
