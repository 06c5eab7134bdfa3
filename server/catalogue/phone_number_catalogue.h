// The numbers GET /phone-numbers/search offers and the checks of a search or a purchase.
// The catalogue is fictional and deterministic: US numbers are in the NANP 555-01XX
// range reserved for fiction, Indian numbers in an invented +91 XXX 55501XX block, so a
// number bought here can never ring a real person. Pure functions; safe from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"

namespace bolna {

struct NumberSearch {
  std::string country;   // "US" or "IN"
  std::string pattern;   // "" or 3 digits
  std::string provider;  // "" or twilio|plivo|vobiz
};

// Checks the query parameters of a search; returns "" or the message for a 400.
Status validate_number_search(const std::optional<std::string>& country,
                                   const std::optional<std::string>& pattern,
                                   const std::optional<std::string>& provider);

// Up to 5 available numbers ({region, friendly_name, locality, phone_number, provider,
// price (number, dollars)}). `is_taken` filters numbers the tenant already owns.
Json search_numbers(const NumberSearch& search,
                    const std::function<bool(const std::string&)>& is_taken);

// Checks a POST /phone-numbers/buy body; returns "" or the message for a 400.
Status validate_number_purchase(const Json& body);

// Provider when none is asked for: twilio for US, plivo for IN.
std::string default_provider(const std::string& country);
// Monthly price in dollars (search) for a country.
double number_price_dollars(const std::string& country);

}  // namespace bolna
