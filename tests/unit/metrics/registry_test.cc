// Metrics registry: counters, histograms, the exposition text, label escaping and the
// per-family series bound; EmulatorMetrics' labels; /proc/self/status parsing; the sink mirror.
#include "metrics/registry.h"

#include <doctest/doctest.h>

#include "metrics/emulator_metrics.h"

using namespace bolna::metrics;

TEST_CASE("metrics: counters count per label set and are exposed with HELP and TYPE") {
  Registry r;
  CounterFamily& c = r.counter("x_requests_total", "Requests", {"route", "status"});
  c.inc({"/call", "200"});
  c.inc({"/call", "200"});
  c.inc({"/call", "400"}, 3);
  CHECK(c.value({"/call", "200"}) == 2);
  CHECK(c.value({"/call", "400"}) == 3);
  CHECK(c.value({"/nope", "200"}) == 0);
  std::string text = r.expose();
  CHECK(text.find("# HELP x_requests_total Requests\n# TYPE x_requests_total counter\n") == 0);
  CHECK(text.find("x_requests_total{route=\"/call\",status=\"200\"} 2\n") != std::string::npos);
  CHECK(text.find("x_requests_total{route=\"/call\",status=\"400\"} 3\n") != std::string::npos);
}

TEST_CASE("metrics: an unlabeled counter shows 0 before its first increment") {
  Registry r;
  r.counter("x_total", "X");
  CHECK(r.expose().find("x_total 0\n") != std::string::npos);
}

TEST_CASE("metrics: histograms have cumulative buckets, +Inf, sum and count") {
  Registry r;
  HistogramFamily& h = r.histogram("x_seconds", "Latency", {"route"}, {0.1, 1});
  h.observe({"/a"}, 0.05);
  h.observe({"/a"}, 0.1);  // on the bound: counts in le="0.1"
  h.observe({"/a"}, 0.5);
  h.observe({"/a"}, 7);
  CHECK(h.bucket_count({"/a"}, 0) == 2);
  CHECK(h.bucket_count({"/a"}, 1) == 3);
  CHECK(h.bucket_count({"/a"}, 2) == 4);
  CHECK(h.count({"/a"}) == 4);
  CHECK(h.sum({"/a"}) == doctest::Approx(7.65));
  std::string text = r.expose();
  CHECK(text.find("# TYPE x_seconds histogram\n") != std::string::npos);
  CHECK(text.find("x_seconds_bucket{route=\"/a\",le=\"0.1\"} 2\n") != std::string::npos);
  CHECK(text.find("x_seconds_bucket{route=\"/a\",le=\"1\"} 3\n") != std::string::npos);
  CHECK(text.find("x_seconds_bucket{route=\"/a\",le=\"+Inf\"} 4\n") != std::string::npos);
  CHECK(text.find("x_seconds_count{route=\"/a\"} 4\n") != std::string::npos);
  CHECK(text.find("x_seconds_sum{route=\"/a\"} 7.65") != std::string::npos);
}

TEST_CASE("metrics: values and label values are formatted as Prometheus reads them") {
  CHECK(format_value(3) == "3");
  CHECK(format_value(0.25) == "0.25");
  CHECK(format_value(0.1) == "0.1");
  CHECK(format_value(7.65) == "7.65");
  CHECK(format_value(1.0 / 0.0) == "+Inf");
  CHECK(escape_label("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  Exposition e;
  e.family("g", "gauge", "Help with \\ and\nnewline");
  CHECK(e.text() == "# HELP g Help with \\\\ and\\nnewline\n# TYPE g gauge\n");
}

TEST_CASE("metrics: a family never holds more than max_series label sets") {
  Registry r;
  CounterFamily& c = r.counter("x_total", "X", {"path"}, 3);
  for (int i = 0; i < 100; ++i) c.inc({"/raw/" + std::to_string(i)});
  CHECK(c.series() == 4);  // 3 real ones and the overflow series
  CHECK(c.value({"/raw/0"}) == 1);
  CHECK(c.value({"_other"}) == 97);
  c.inc({"/raw/1"});  // an existing series still counts as itself
  CHECK(c.value({"/raw/1"}) == 2);
}

TEST_CASE("emulator metrics: requests are labelled by route pattern and a known method") {
  EmulatorMetrics m;
  m.observe_request("/v2/agent/{agent_id}", "GET", 200, 0.002);
  m.observe_request("/v2/agent/{agent_id}", "GET", 200, 0.003);
  m.observe_request("", "BREW", 404, 0.001);
  CHECK(m.http_requests.value({"/v2/agent/{agent_id}", "GET", "200"}) == 2);
  CHECK(m.http_requests.value({"unmatched", "OTHER", "404"}) == 1);
  CHECK(m.http_duration.count({"/v2/agent/{agent_id}", "GET"}) == 2);
  CHECK(method_label("patch") == "PATCH");
}

TEST_CASE("emulator metrics: transitions, batch changes, webhook attempts and clock lag") {
  EmulatorMetrics m;
  m.observe_transition("queued");
  m.observe_transition("queued");
  m.observe_transition("completed");
  m.observe_batch_transition("running");
  m.observe_webhook_attempt("execution", "delivered", 0.004);
  m.observe_webhook_attempt("execution", "retrying", 0.5);
  m.observe_clock_lag(0.002);
  m.observe_clock_lag(-1);  // clamped to 0
  CHECK(m.transitions.value({"queued"}) == 2);
  CHECK(m.transitions.value({"completed"}) == 1);
  CHECK(m.batch_transitions.value({"running"}) == 1);
  CHECK(m.webhook_attempts.value({"execution", "delivered"}) == 1);
  CHECK(m.webhook_attempts.value({"execution", "retrying"}) == 1);
  CHECK(m.webhook_duration.count({"retrying"}) == 1);
  CHECK(m.clock_lag.count({}) == 2);
  CHECK(m.clock_lag.bucket_count({}, 0) == 1);  // 0 <= 0.001
  std::string text = m.expose();
  CHECK(text.find("bolna_emulator_execution_transitions_total{status=\"queued\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("bolna_emulator_realtime_clock_lag_seconds_count 2\n") != std::string::npos);
}

TEST_CASE("process stats: VmRSS (kB) and Threads from a /proc status text") {
  ProcessStats p = parse_process_status("Name:\tx\nVmRSS:\t   2048 kB\nThreads:\t7\n");
  REQUIRE(p.resident_bytes);
  CHECK(*p.resident_bytes == 2048.0 * 1024);
  REQUIRE(p.threads);
  CHECK(*p.threads == 7);
  ProcessStats empty = parse_process_status("garbage");
  CHECK_FALSE(empty.resident_bytes);
  ProcessStats live = read_process_stats();
  CHECK(live.threads.value_or(0) >= 1);
  CHECK(live.resident_bytes.value_or(0) > 0);
}

TEST_CASE("sink mirror: bodies per name are capped, names cleared one by one or all") {
  SinkMirror s(2);
  s.stored("a");
  s.stored("a");
  s.stored("a");  // over the cap: the sink drops the oldest
  s.stored("b");
  CHECK(s.names() == 2);
  CHECK(s.bodies() == 3);
  s.cleared("a");
  CHECK(s.bodies() == 1);
  s.cleared_all();
  CHECK(s.names() == 0);
}
