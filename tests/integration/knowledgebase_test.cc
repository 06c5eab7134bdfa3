// Knowledgebases over HTTP: multipart create (file XOR url), status on the tenant clock.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

void advance(TestServer& server, const std::string& key, std::chrono::seconds by) {
  auto tenant = server.app().services().tenants.find_or_create(key);
  std::lock_guard lock(tenant->mutex);
  tenant->clock.advance(std::chrono::duration_cast<Micros>(by));
}

}  // namespace

TEST_CASE("knowledgebase: PDF upload, processing then processed on the tenant clock, delete") {
  TestServer server;
  TestClient c = server.client();
  Response r = c.post_multipart("/knowledgebase",
                                {{"file", "%PDF-1.4 fake", "sample-rag.pdf", "application/pdf"},
                                 {"chunk_size", "256", "", ""},
                                 {"language_support", "multilingual", "", ""}});
  REQUIRE(r.status == 200);
  std::string rag = r.json["rag_id"];
  CHECK(rag.size() == 32);
  CHECK(r.json["file_name"] == "sample-rag.pdf");
  CHECK(r.json["source_type"] == "pdf");
  CHECK(r.json["status"] == "processing");
  CHECK(r.json["language_support"] == "multilingual");

  Response g = c.get("/knowledgebase/" + rag);
  REQUIRE(g.status == 200);
  std::string dashed = g.json["rag_id"];
  CHECK(dashed.size() == 36);
  CHECK(g.json["status"] == "processing");
  CHECK(g.json["chunk_size"] == 256);
  CHECK(g.json["similarity_top_k"] == 15);
  CHECK(g.json["overlapping"] == 128);
  CHECK(g.json["vector_id"].get<std::string>().size() == 36);

  advance(server, "test-key", std::chrono::seconds(30));
  CHECK(c.get("/knowledgebase/" + dashed).json["status"] == "processed");
  Response all = c.get("/knowledgebase/all");
  REQUIRE(all.json.is_array());
  REQUIRE(all.json.size() == 1);
  CHECK(all.json[0]["status"] == "processed");

  Response d = c.del("/knowledgebase/" + dashed);
  REQUIRE(d.status == 200);
  CHECK(d.json == Json{{"message", "success"}, {"state", "deleted"}});
  Response gone = c.get("/knowledgebase/" + dashed);
  CHECK(gone.status == 404);
  CHECK(gone.json["message"] == "Knowledgebase not found");
}

TEST_CASE("knowledgebase: url source, and exactly one of file or url") {
  TestServer server;
  TestClient c = server.client();
  Response u = c.post_multipart("/knowledgebase", {{"url", "https://example.com/docs", "", ""}});
  REQUIRE(u.status == 200);
  CHECK(u.json["source_type"] == "url");
  CHECK(u.json["file_name"] == "https://example.com/docs");
  CHECK(u.json["language_support"].is_null());

  Response both = c.post_multipart(
      "/knowledgebase",
      {{"url", "https://example.com", "", ""}, {"file", "%PDF-1.4", "a.pdf", "application/pdf"}});
  CHECK(both.status == 400);
  CHECK(both.json["message"] == "Provide either file or url, not both");
  Response none = c.post_multipart("/knowledgebase", {{"chunk_size", "512", "", ""}});
  CHECK(none.json["message"] == "Either file (a PDF) or url is required");
  CHECK(c.post_multipart("/knowledgebase", {{"file", "hello", "notes.txt", "text/plain"}})
            .json["message"] == "file must be a PDF");
  CHECK(c.post_multipart("/knowledgebase", {{"url", "ftp://x", "", ""}}).json["message"] ==
        "url must be a valid http(s) URL");
  CHECK(c.post_multipart("/knowledgebase",
                         {{"url", "https://x.io", "", ""}, {"chunk_size", "big", "", ""}})
            .json["message"] == "chunk_size must be an integer");
  CHECK(c.post_multipart("/knowledgebase",
                         {{"url", "https://x.io", "", ""}, {"language_support", "en", "", ""}})
            .status == 400);
  Response json = c.post("/knowledgebase", Json{{"url", "https://example.com"}});
  CHECK(json.status == 400);
}
