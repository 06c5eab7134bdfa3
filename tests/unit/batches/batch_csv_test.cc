// Batch CSV parsing (domain/batch_csv.h): RFC 4180 edge cases and DECISIONS.md row 13.
#include "batches/batch_csv.h"

#include <doctest/doctest.h>

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
