#include "batches/batch_csv.h"

#include <csv.h>

#include "common/phone_format.h"

namespace bolna {

namespace {

struct CsvState {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> current;
};

void on_field(void* s, size_t len, void* data) {
  auto* st = static_cast<CsvState*>(data);
  st->current.emplace_back(s ? static_cast<const char*>(s) : "", s ? len : 0);
}

void on_row(int, void* data) {
  auto* st = static_cast<CsvState*>(data);
  st->rows.push_back(std::move(st->current));
  st->current.clear();
}

bool blank_row(const std::vector<std::string>& row) {
  for (const auto& cell : row)
    if (!cell.empty()) return false;
  return true;
}

}  // namespace

std::string parse_batch_csv(std::string_view text, BatchCsv* out) {
  *out = BatchCsv{};
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvState st;
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
    return "CSV file is malformed: out of memory";
  size_t used = csv_parse(&p, text.data(), text.size(), on_field, on_row, &st);
  int err = used == text.size() ? 0 : csv_error(&p);
  if (err == 0 && csv_fini(&p, on_field, on_row, &st) != 0) err = csv_error(&p);
  csv_free(&p);
  if (err != 0) {
    std::string why = csv_strerror(err);
    if (err == CSV_EPARSE)
      why = "a quoted field is not terminated, or a quote appears inside an unquoted field";
    return "CSV file is malformed: " + why + " (RFC 4180)";
  }
  // Rows of only empty cells (blank lines with spaces, trailing ",,,") are skipped.
  size_t first = 0;
  while (first < st.rows.size() && blank_row(st.rows[first])) ++first;
  if (first == st.rows.size()) return "CSV file is empty";
  out->columns = std::move(st.rows[first]);
  int phone = -1;
  for (size_t i = 0; i < out->columns.size(); ++i)
    if (out->columns[i] == "contact_number") phone = static_cast<int>(i);
  if (phone < 0) return "contact_number column is required";
  for (size_t r = first + 1; r < st.rows.size(); ++r) {
    const auto& row = st.rows[r];
    if (blank_row(row)) continue;
    out->total_rows += 1;
    if (static_cast<size_t>(phone) >= row.size() || !is_e164(row[phone])) continue;
    BatchContact c;
    c.contact_number = row[phone];
    c.variables = Json::object();
    for (size_t i = 0; i < out->columns.size(); ++i) {
      if (static_cast<int>(i) == phone) continue;
      c.variables[out->columns[i]] = i < row.size() ? row[i] : std::string();
    }
    out->contacts.push_back(std::move(c));
  }
  if (out->total_rows == 0) return "CSV file is empty: it has a header row but no contact rows";
  return "";
}

}  // namespace bolna
