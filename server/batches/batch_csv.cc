#include "batches/batch_csv.h"

#include <csv.h>

#include <unordered_map>

#include "common/phone_format.h"
#include "common/utf8.h"

namespace bolna {

namespace {

// Rows are turned into contacts as libcsv delivers them (no table of every row is
// kept), each in time linear in its width.
struct CsvState {
  BatchCsv* out = nullptr;
  CsvLimits limits;
  std::vector<std::string> current;  // the row being read (its first keep_width() cells)
  size_t current_width = 0;          // cells seen in it
  bool current_blank = true;         // every cell seen in it is empty
  bool have_header = false;
  int phone = -1;  // the contact_number column
  // The variables of a contact: (name, column whose cell it takes), in the order of the
  // names' first appearance in the header.
  std::vector<std::pair<std::string, size_t>> plan;
  size_t cells = 0;
  std::string error;  // set once; later rows are ignored

  // Cells beyond this are not kept (they are ignored, or the header is too wide).
  size_t keep_width() const { return have_header ? out->columns.size() : limits.max_columns + 1; }
};

void take_header(CsvState& st, std::vector<std::string>&& row, size_t width) {
  if (width > st.limits.max_columns) {
    st.error = "CSV file has " + std::to_string(width) +
               " columns in its header row; the limit is " + std::to_string(st.limits.max_columns);
    return;
  }
  st.out->columns = std::move(row);
  const auto& columns = st.out->columns;
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == "contact_number") st.phone = static_cast<int>(i);
  if (st.phone < 0) {
    st.error = "contact_number column is required";
    return;
  }
  std::unordered_map<std::string, size_t> seen;  // name -> position in plan
  for (size_t i = 0; i < columns.size(); ++i) {
    if (static_cast<int>(i) == st.phone) continue;
    auto [it, fresh] = seen.emplace(columns[i], st.plan.size());
    if (fresh)
      st.plan.emplace_back(columns[i], i);
    else
      st.plan[it->second].second = i;  // the last column of a repeated name wins
  }
  st.have_header = true;
}

void take_row(CsvState& st, std::vector<std::string>&& row) {
  st.out->total_rows += 1;
  size_t phone = static_cast<size_t>(st.phone);
  if (phone >= row.size() || !is_e164(row[phone])) return;
  st.cells += st.out->columns.size();
  if (st.cells > st.limits.max_cells) {
    st.error = "CSV file has more than " + std::to_string(st.limits.max_cells) +
               " cells (contact rows times " + std::to_string(st.out->columns.size()) +
               " columns); split it into several batches";
    return;
  }
  BatchContact c;
  c.contact_number = row[phone];
  c.variables = Json::object();
  // Names in the plan are unique: append without nlohmann's (linear) key lookup.
  auto& members = c.variables.get_ref<Json::object_t&>();
  members.reserve(st.plan.size());
  for (const auto& [name, column] : st.plan)
    members.emplace_back(name, column < row.size() ? std::move(row[column]) : std::string());
  st.out->contacts.push_back(std::move(c));
}

void on_field(void* s, size_t len, void* data) {
  auto* st = static_cast<CsvState*>(data);
  st->current_width += 1;
  if (s && len > 0) st->current_blank = false;
  if (!st->error.empty() || st->current.size() >= st->keep_width()) return;
  st->current.emplace_back(s ? static_cast<const char*>(s) : "", s ? len : 0);
}

void on_row(int, void* data) {
  auto* st = static_cast<CsvState*>(data);
  std::vector<std::string> row = std::move(st->current);
  size_t width = st->current_width;
  bool blank = st->current_blank;
  st->current.clear();
  st->current_width = 0;
  st->current_blank = true;
  // Rows of only empty cells (blank lines with spaces, trailing ",,,") are skipped.
  if (!st->error.empty() || blank) return;
  if (st->have_header)
    take_row(*st, std::move(row));
  else
    take_header(*st, std::move(row), width);
}

size_t line_of(std::string_view text, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// Makes `text` UTF-8 (converting Windows-1252) in *storage when needed. Returns the
// problem, or "".
std::string decode(std::string_view& text, std::string* storage, BatchCsv* out) {
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")
    return "CSV file is UTF-16 (it starts with the byte-order mark " +
           std::string(text[0] == '\xFF' ? "FF FE" : "FE FF") +
           "); save it as UTF-8 (or Windows-1252)";
  std::string_view original = text;
  bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
  if (bom) text.remove_prefix(3);
  size_t bad = invalid_utf8_offset(text);
  if (bad == std::string_view::npos) return "";
  if (bom) {
    size_t at = bad + 3;
    return "CSV file starts with a UTF-8 byte-order mark but is not valid UTF-8: " +
           describe_invalid_utf8(original, at) + " (line " + std::to_string(line_of(original, at)) +
           ")";
  }
  *storage = windows1252_to_utf8(text);
  text = *storage;
  out->encoding = "windows-1252";
  return "";
}

}  // namespace

std::string parse_batch_csv(std::string_view text, BatchCsv* out, CsvLimits limits) {
  *out = BatchCsv{};
  std::string converted;
  if (std::string err = decode(text, &converted, out); !err.empty()) return err;
  CsvState st;
  st.out = out;
  st.limits = limits;
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
  if (!st.error.empty()) return st.error;
  if (!st.have_header) return "CSV file is empty";
  if (out->total_rows == 0) return "CSV file is empty: it has a header row but no contact rows";
  return "";
}

}  // namespace bolna
