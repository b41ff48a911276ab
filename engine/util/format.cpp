#include "engine/util/format.h"

#include <cmath>

#include <fmt/format.h>

namespace jcsim {

std::string group_thousands(double value, int decimals) {
  const std::string plain = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const size_t dot = plain.find('.');
  const std::string digits = plain.substr(0, dot);
  std::string out = value < 0 && std::stod(plain) != 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  if (dot != std::string::npos) out += plain.substr(dot);
  return out;
}

}  // namespace jcsim
