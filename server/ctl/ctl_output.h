// Output of `bolna-emulator ctl`: aligned tables and short values for people, indented JSON
// for scripts (--json). Used by the ctl verbs only.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "ctl/ctl_client.h"

namespace bolna::ctl {

// Columns separated by two spaces, each as wide as its widest cell; the last column is
// not padded.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// A JSON value as a cell: strings as they are ("" as "-"), numbers without trailing zeros, null
// "-", objects and arrays compact JSON.
std::string cell(const Json& value);
// v[key] as a cell ("-" when missing).
std::string cell(const Json& object, const char* key);
// "2026-06-23T18:30:00.123456+00:00" -> "2026-06-23 18:30:00.123" (UTC); other text as is.
std::string short_time(const Json& value);
// The --json form: 2-space indented.
void print_json(std::ostream& out, const Json& value);

}  // namespace bolna::ctl
