#include "common/humanize.h"

#pragma GCC diagnostic push
#if !defined(__clang__)  // a GCC-only warning
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <date/date.h>
#pragma GCC diagnostic pop

namespace bolna {

namespace {

std::string plural(long long n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s") + " ago";
}

}  // namespace

std::string humanized_age(TimePoint then, TimePoint now) {
  using namespace std::chrono;
  if (now <= then) return "just now";
  long long s = duration_cast<seconds>(now - then).count();
  if (s < 60) return s < 10 ? "just now" : plural(s, "second");
  long long m = s / 60;
  if (m < 60) return plural(m, "minute");
  long long h = m / 60;
  if (h < 24) return plural(h, "hour");
  long long d = h / 24;
  if (d < 30) return plural(d, "day");
  if (d < 365) return plural(d / 30, "month");
  return plural(d / 365, "year");
}

std::string format_day_month_year(TimePoint t) {
  auto day = date::floor<date::days>(t);
  date::year_month_day ymd{day};
  unsigned d = static_cast<unsigned>(ymd.day());
  const char* suffix = "th";
  if (d % 100 < 11 || d % 100 > 13) {
    if (d % 10 == 1)
      suffix = "st";
    else if (d % 10 == 2)
      suffix = "nd";
    else if (d % 10 == 3)
      suffix = "rd";
  }
  return std::to_string(d) + suffix + " " + date::format("%b, %Y", day);
}

}  // namespace bolna
