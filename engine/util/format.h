// Number formatting for people: thousands separators ("1,234,567.89").
#pragma once

#include <string>

namespace jcsim {

// `value` with `decimals` decimals and ',' between groups of three digits.
std::string group_thousands(double value, int decimals);

}  // namespace jcsim
