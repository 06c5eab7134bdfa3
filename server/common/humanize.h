// Human-readable time strings the real API puts beside its timestamps:
// "5 minutes ago" (humanized_created_at) and "17th Dec, 2024" (renewal_at).
// Pure functions; safe from any thread.
#pragma once

#include <string>

#include "common/time.h"

namespace bolna {

// "just now", "1 minute ago", "5 minutes ago", "1 hour ago", "3 days ago", "2 months ago",
// "1 year ago". A `then` after `now` reads as "just now". (domain/batch.h has
// humanize_since in the Python-humanize style, "a minute ago"; this one writes the number.)
std::string humanized_age(TimePoint then, TimePoint now);

// "17th Dec, 2024" (ordinal day, abbreviated month, year).
std::string format_day_month_year(TimePoint t);

}  // namespace bolna
