// Calendar months as a plain integer: months since January of year 0. Simulated time moves in months.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jcsim {

struct Month {
  int32_t index = 0;  // year * 12 + (month - 1)

  static constexpr Month of(int year, int month) { return Month{year * 12 + (month - 1)}; }
  constexpr int year() const { return index / 12; }
  constexpr int month() const { return index % 12 + 1; }  // 1..12
  constexpr Month plus(int months) const { return Month{index + months}; }
  friend constexpr int operator-(Month a, Month b) { return a.index - b.index; }
  friend constexpr auto operator<=>(Month, Month) = default;

  std::string str() const;  // "YYYY-MM"
};

// Parses "YYYY-MM" with a year in 1900..2200; nullopt for anything else.
std::optional<Month> parse_month(std::string_view text);

}  // namespace jcsim
