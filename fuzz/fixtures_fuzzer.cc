// Fuzz target "fixtures": fixtures documents (README "Fixtures file") as --fixtures reads
// them: parse_json_text with the request limits, then parse_fixtures (fixtures/
// fixture_loader.h) with the repository's scenarios/ for scenarios given by name.
// Checks: an invalid document is a FixtureError with a path and a problem, never another
// exception; for a valid one, every tenant's entry exported (fixture_export.h, as GET
// /__emulator/fixtures writes it) loads again and exports the same document, as the
// export promises.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_text.h"
#include "fixtures/fixture_export.h"
#include "fixtures/fixture_loader.h"
#include "fuzz_check.h"

#ifndef BOLNA_SOURCE_DIR
#error "BOLNA_SOURCE_DIR (the repository) must be defined"
#endif

namespace {

using namespace bolna;
using fuzz::require;

void check_export(const std::string& key, const TenantFixture& fixture,
                  const FixtureLoadOptions& options) {
  Json doc = fixtures_document(key, fixture, options.scenarios_dir);
  std::shared_ptr<const Fixtures> again;
  try {
    again = parse_fixtures(doc, options);
  } catch (const FixtureError& e) {
    fuzz::fail(std::string("an exported fixture does not load: ") + e.what() + "\n" +
               dump_json(doc));
  }
  auto it = again->tenants.find(key);
  require(it != again->tenants.end() || (key == "*" && again->any), "the exported key is gone");
  const TenantFixture& reread = it != again->tenants.end() ? *it->second : *again->any;
  Json doc2 = fixtures_document(key, reread, options.scenarios_dir);
  require(doc2 == doc, "an exported fixture reads back differently:\n" + dump_json(doc) + "\n" +
                           dump_json(doc2));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Json json;
  if (!parse_json_text(text, &json).ok()) return 0;
  FixtureLoadOptions options;
  options.scenarios_dir = BOLNA_SOURCE_DIR "/scenarios";
  options.always_owned = {"+15550001111"};
  std::shared_ptr<const Fixtures> fixtures;
  try {
    fixtures = parse_fixtures(json, options);
  } catch (const FixtureError& e) {
    require(!e.path().empty() && !e.problem().empty(), "a FixtureError without path or problem");
    return 0;
  }
  require(fixtures != nullptr, "parse_fixtures returned null");
  for (const auto& [key, fixture] : fixtures->tenants) check_export(key, *fixture, options);
  if (fixtures->any) check_export("*", *fixtures->any, options);
  return 0;
}
