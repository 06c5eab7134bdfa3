// Batch CSV parsing (domain/batch_csv.h): RFC 4180 edge cases and DECISIONS.md row 13.
#include "batches/batch_csv.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace bolna;

TEST_CASE("batch csv: header and rows become contacts with the other columns as variables") {
  BatchCsv csv;
  REQUIRE(parse_batch_csv("contact_number,name,city\n+919876543210,Asha,Pune\n", &csv) == "");
  CHECK(csv.total_rows == 1);
  REQUIRE(csv.contacts.size() == 1);
  CHECK(csv.contacts[0].contact_number == "+919876543210");
  CHECK(csv.contacts[0].variables == Json({{"name", "Asha"}, {"city", "Pune"}}));
  CHECK(csv.columns == std::vector<std::string>{"contact_number", "name", "city"});
}

TEST_CASE("batch csv: quoted fields keep commas, doubled quotes and newlines") {
  BatchCsv csv;
  std::string text =
      "name,contact_number,note\r\n"
      "\"Doe, Jane\",+14155550100,\"She said \"\"hi\"\"\"\r\n"
      "\"Multi\nLine\",+14155550101,\"a\r\nb\"\r\n";
  REQUIRE(parse_batch_csv(text, &csv) == "");
  REQUIRE(csv.contacts.size() == 2);
  CHECK(csv.contacts[0].variables["name"] == "Doe, Jane");
  CHECK(csv.contacts[0].variables["note"] == "She said \"hi\"");
  CHECK(csv.contacts[1].variables["name"] == "Multi\nLine");
  CHECK(csv.contacts[1].variables["note"] == "a\r\nb");
  CHECK(csv.contacts[1].contact_number == "+14155550101");
}

TEST_CASE("batch csv: a UTF-8 BOM, CRLF line ends and blank trailing lines are accepted") {
  BatchCsv csv;
  REQUIRE(parse_batch_csv("\xEF\xBB\xBF"
                          "contact_number,name\r\n+14155550100,Ana\r\n\r\n\r\n",
                          &csv) == "");
  CHECK(csv.total_rows == 1);
  REQUIRE(csv.contacts.size() == 1);
  CHECK(csv.contacts[0].variables == Json({{"name", "Ana"}}));
}

TEST_CASE("batch csv: LF only and no final newline") {
  BatchCsv csv;
  REQUIRE(parse_batch_csv("contact_number\n+14155550100\n+14155550101", &csv) == "");
  CHECK(csv.contacts.size() == 2);
  CHECK(csv.contacts[1].variables == Json::object());
}

TEST_CASE("batch csv: invalid numbers count in total only, duplicates are kept") {
  BatchCsv csv;
  std::string text =
      "contact_number,name\n"
      "+14155550100,a\n"
      "919876543210,no plus\n"
      "+0123456789,leading zero\n"
      "+1415555abcd,letters\n"
      ",empty\n"
      "+14155550100,duplicate\n";
  REQUIRE(parse_batch_csv(text, &csv) == "");
  CHECK(csv.total_rows == 6);
  REQUIRE(csv.contacts.size() == 2);
  CHECK(csv.contacts[0].variables["name"] == "a");
  CHECK(csv.contacts[1].variables["name"] == "duplicate");
}

TEST_CASE("batch csv: a short row reads missing columns as empty, a missing number is invalid") {
  BatchCsv csv;
  REQUIRE(parse_batch_csv("contact_number,name,city\n+14155550100,Ana\nX\n+14155550101,B,C,extra\n",
                          &csv) == "");
  CHECK(csv.total_rows == 3);
  REQUIRE(csv.contacts.size() == 2);
  CHECK(csv.contacts[0].variables == Json({{"name", "Ana"}, {"city", ""}}));
  CHECK(csv.contacts[1].variables == Json({{"name", "B"}, {"city", "C"}}));

  REQUIRE(parse_batch_csv("name,contact_number\nAna\n", &csv) == "");
  CHECK(csv.total_rows == 1);
  CHECK(csv.contacts.empty());
}

TEST_CASE("batch csv: errors of DECISIONS.md row 13") {
  BatchCsv csv;
  CHECK(parse_batch_csv("", &csv) == "CSV file is empty");
  CHECK(parse_batch_csv("\xEF\xBB\xBF", &csv) == "CSV file is empty");
  CHECK(parse_batch_csv("\r\n\n\n", &csv) == "CSV file is empty");
  CHECK(parse_batch_csv("contact_number\n", &csv) ==
        "CSV file is empty: it has a header row but no contact rows");
  CHECK(parse_batch_csv("phone,name\n+14155550100,a\n", &csv) ==
        "contact_number column is required");
  CHECK(parse_batch_csv("Contact_Number\n+14155550100\n", &csv) ==
        "contact_number column is required");
  std::string err = parse_batch_csv("contact_number,name\n+14155550100,\"unterminated\n", &csv);
  CHECK(err.rfind("CSV file is malformed: ", 0) == 0);
}

// Issue #14 item 2: a Windows-1252 file (José as byte E9) was stored as invalid UTF-8.
TEST_CASE("batch csv: a file that is not UTF-8 is read as Windows-1252 and converted") {
  BatchCsv csv;
  REQUIRE(parse_batch_csv("contact_number,name,caf\xE9\n+14155550100,Jos\xE9,\x80 5\n", &csv) ==
          "");
  CHECK(csv.encoding == "windows-1252");
  CHECK(csv.columns[2] == "caf\xC3\xA9");
  REQUIRE(csv.contacts.size() == 1);
  CHECK(csv.contacts[0].variables["name"] == "Jos\xC3\xA9");
  CHECK(csv.contacts[0].variables["caf\xC3\xA9"] == "\xE2\x82\xAC 5");
  CHECK_NOTHROW(csv.contacts[0].variables.dump());  // strict dump: valid UTF-8

  REQUIRE(parse_batch_csv("contact_number,name\n+14155550100,Jos\xC3\xA9\n", &csv) == "");
  CHECK(csv.encoding == "utf-8");
  CHECK(csv.contacts[0].variables["name"] == "Jos\xC3\xA9");
}

TEST_CASE("batch csv: a UTF-8 byte-order mark with bytes that are not UTF-8 is refused") {
  BatchCsv csv;
  CHECK(parse_batch_csv("\xEF\xBB\xBF"
                        "contact_number,name\n+14155550100,Jos\xE9\n",
                        &csv) ==
        "CSV file starts with a UTF-8 byte-order mark but is not valid UTF-8: byte 0xE9 at "
        "offset 39 (line 2)");
  CHECK(parse_batch_csv("\xFF\xFE"
                        "c\0o\0",
                        &csv) ==
        "CSV file is UTF-16 (it starts with the byte-order mark FF FE); save it as UTF-8 (or "
        "Windows-1252)");
}

// Issue #14 item 4: 100,000 columns took 15.5 s (quadratic) under the tenant's lock.
TEST_CASE("batch csv: columns are bounded, and wide files are refused in linear time") {
  auto header = [](size_t columns) {
    std::string h = "contact_number";
    for (size_t i = 1; i < columns; ++i) h += ",c" + std::to_string(i);
    return h + "\n";
  };
  auto row = [](size_t columns) {
    std::string r = "+14155550100";
    for (size_t i = 1; i < columns; ++i) r += ",v";
    return r + "\n";
  };
  BatchCsv csv;
  REQUIRE(parse_batch_csv(header(kMaxCsvColumns) + row(kMaxCsvColumns), &csv) == "");
  CHECK(csv.contacts[0].variables.size() == kMaxCsvColumns - 1);
  CHECK(parse_batch_csv(header(kMaxCsvColumns + 1) + row(kMaxCsvColumns + 1), &csv) ==
        "CSV file has 1001 columns in its header row; the limit is 1000");

  auto started = std::chrono::steady_clock::now();
  CHECK(parse_batch_csv(header(100000) + row(100000), &csv) ==
        "CSV file has 100000 columns in its header row; the limit is 1000");
  // A data row far wider than its header costs linear time too (extra cells are dropped).
  REQUIRE(parse_batch_csv(header(3) + row(100000), &csv) == "");
  CHECK(csv.contacts[0].variables.size() == 2);
  // 1000 rows of 1000 columns.
  std::string big = header(kMaxCsvColumns);
  for (int i = 0; i < 1000; ++i) big += row(kMaxCsvColumns);
  REQUIRE(parse_batch_csv(big, &csv) == "");
  CHECK(csv.contacts.size() == 1000);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

TEST_CASE("batch csv: the cells kept are bounded") {
  BatchCsv csv;
  CsvLimits limits;
  limits.max_cells = 6;  // two rows of three columns
  std::string text = "contact_number,a,b\n+14155550100,1,2\n+14155550101,1,2\n";
  REQUIRE(parse_batch_csv(text, &csv, limits) == "");
  CHECK(parse_batch_csv(text + "+14155550102,1,2\n", &csv, limits) ==
        "CSV file has more than 6 cells (contact rows times 3 columns); split it into "
        "several batches");
  // Invalid rows keep no cells.
  REQUIRE(parse_batch_csv(text + "not-a-number,1,2\n", &csv, limits) == "");
  CHECK(csv.total_rows == 3);
}

TEST_CASE("batch csv: a repeated header name is one variable with its last column's value") {
  BatchCsv csv;
  REQUIRE(parse_batch_csv("name,contact_number,city,name\nAna,+14155550100,Pune,Bo\n", &csv) == "");
  CHECK(csv.contacts[0].variables.dump() == R"({"name":"Bo","city":"Pune"})");
  // A row that is blank within the header but not beyond it still counts as a row.
  REQUIRE(parse_batch_csv("contact_number,name\n+14155550100,Ana\n,,x\n", &csv) == "");
  CHECK(csv.total_rows == 2);
}
