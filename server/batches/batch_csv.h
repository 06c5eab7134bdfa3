// Parsing of a batch CSV upload (POST /batches `file`) per RFC 4180 with Debian's
// libcsv: quoted fields with commas, quotes and newlines, CRLF or LF line ends, a UTF-8
// byte-order mark, blank lines. Applies DECISIONS.md row 13 (header with
// `contact_number`, E.164 check per row). Pure function; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace bolna {

// One data row whose contact_number is E.164.
struct BatchContact {
  std::string contact_number;
  Json variables;  // every other column of the header, as strings (an object)
};

struct BatchCsv {
  std::vector<BatchContact> contacts;  // valid rows, in file order (duplicates kept)
  size_t total_rows = 0;               // every data row, valid or not
  std::vector<std::string> columns;    // the header row
};

// Parses `text`. Returns "" and fills *out, or the client-facing problem:
// "CSV file is empty" (no bytes, or only a BOM/blank lines), "CSV file is empty: it has a
// header row but no contact rows", "contact_number column is required", or
// "CSV file is malformed: ..." (e.g. an unterminated quote). A row shorter than the
// header reads the missing columns as ""; a missing contact_number makes the row
// invalid. Cells beyond the header are ignored.
std::string parse_batch_csv(std::string_view text, BatchCsv* out);

}  // namespace bolna
