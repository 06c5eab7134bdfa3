// Fuzz target "csv": the batch CSV reader (batches/batch_csv.h) on arbitrary bytes, as
// POST /batches hands it the uploaded file. Checks: either a client-facing problem (a
// non-empty message, valid UTF-8, starting "CSV file" or "contact_number", as the 400 of
// the upload says) and no contacts, or a result whose every string (columns, numbers,
// variables) is valid UTF-8, whose contacts are at most the data rows, each with an
// E.164 number ("+" and digits) and variables as a JSON object of strings that dumps.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "batches/batch_csv.h"
#include "common/json_text.h"
#include "common/utf8.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bolna;
  using fuzz::require;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  BatchCsv csv;
  // Small limits so the "too many" paths are reachable with small inputs.
  CsvLimits limits;
  limits.max_columns = 50;
  limits.max_cells = 500;
  std::string problem = parse_batch_csv(text, &csv, limits);
  if (!problem.empty()) {
    require(is_valid_utf8(problem), "the CSV problem is not UTF-8: " + sanitize_utf8(problem));
    require(problem.rfind("CSV file", 0) == 0 || problem.rfind("contact_number", 0) == 0,
            "unexpected CSV problem: " + problem);
    return 0;
  }
  require(csv.encoding == "utf-8" || csv.encoding == "windows-1252", "encoding " + csv.encoding);
  require(csv.contacts.size() <= csv.total_rows, "more contacts than rows");
  require(csv.columns.size() <= limits.max_columns, "more columns than the limit");
  for (const std::string& c : csv.columns) require(is_valid_utf8(c), "a column is not UTF-8");
  for (const BatchContact& c : csv.contacts) {
    require(c.contact_number.size() > 1 && c.contact_number[0] == '+' &&
                c.contact_number.find_first_not_of("0123456789", 1) == std::string::npos,
            "contact_number is not E.164: " + sanitize_utf8(c.contact_number));
    require(c.variables.is_object(), "variables are not an object");
    for (const auto& [name, value] : c.variables.items()) {
      require(is_valid_utf8(name), "a variable name is not UTF-8");
      require(value.is_string() && is_valid_utf8(value.get<std::string>()),
              "a variable is not a UTF-8 string");
    }
    (void)dump_json(c.variables);
  }
  return 0;
}
