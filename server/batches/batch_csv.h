// Parsing of a batch CSV upload (POST /batches `file`) per RFC 4180 with Debian's
// libcsv: quoted fields with commas, quotes and newlines, CRLF or LF line ends, a UTF-8
// byte-order mark, blank lines. Applies DECISIONS.md row 13 (header with
// `contact_number`, E.164 check per row). Text is UTF-8 afterwards, always: a file that
// is not valid UTF-8 is read as Windows-1252 and converted (README "Batches").
// Linear in the size of the file; bounded by kMaxCsvColumns and kMaxCsvCells. Pure
// function; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace bolna {

// At most this many header columns (400 beyond).
inline constexpr size_t kMaxCsvColumns = 1000;
// At most this many cells kept: contact rows times header columns (400 beyond). Keeps
// the memory of one upload (every cell becomes a JSON string) in proportion.
inline constexpr size_t kMaxCsvCells = 5'000'000;

struct CsvLimits {
  size_t max_columns = kMaxCsvColumns;
  size_t max_cells = kMaxCsvCells;
};

// One data row whose contact_number is E.164.
struct BatchContact {
  std::string contact_number;
  Json variables;  // every other column of the header, as strings (an object)
};

struct BatchCsv {
  std::vector<BatchContact> contacts;  // valid rows, in file order (duplicates kept)
  size_t total_rows = 0;               // every data row, valid or not
  std::vector<std::string> columns;    // the header row
  // "utf-8", or "windows-1252" when the file was not valid UTF-8 and was converted.
  std::string encoding = "utf-8";
};

// Parses `text`. Returns "" and fills *out, or the client-facing problem:
// "CSV file is empty" (no bytes, or only a BOM/blank lines), "CSV file is empty: it has a
// header row but no contact rows", "contact_number column is required",
// "CSV file is malformed: ..." (e.g. an unterminated quote), "CSV file is UTF-16 ...",
// "CSV file starts with a UTF-8 byte-order mark but is not valid UTF-8: byte 0xE9 at
// offset 40 (line 3)", "CSV file has 1001 columns in its header row; the limit is 1000",
// "CSV file has more than 5000000 cells ..." (the numbers from `limits`). A row shorter than the
// header reads the missing columns as ""; a missing contact_number makes the row invalid. Cells
// beyond the header are ignored. Duplicate header names: one variable, at its first position, with
// the value of its last column.
std::string parse_batch_csv(std::string_view text, BatchCsv* out, CsvLimits limits = {});

}  // namespace bolna
