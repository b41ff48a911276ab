// Writing values back into a scenario's text: `jcsim calibrate --out` changes the fitted numbers in place, so the
// calibrated scenario keeps every comment, source and the author's layout, and a diff shows exactly what moved.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/override.h"

namespace jcsim::scenario {

struct Rewrite {
  Override assignment;  // PATH=VALUE as for --set; the field must be written in the text
  std::string source;   // for a sourced number (Num): its new `source` text (replaced, or added); empty: unchanged
};

// The text with each assignment's value token replaced. Returns false with `error` set when the text does not
// parse, a path does not resolve, or the field is not written in the text (its default cannot be replaced).
bool rewrite_values(std::string_view text, const std::vector<Rewrite>& rewrites, std::string& out, std::string& error);

}  // namespace jcsim::scenario
