// Validation of a parsed scenario: every rule of the language, all problems collected in one pass.
#pragma once

#include "engine/scenario/parse.h"
#include "engine/util/diagnostics.h"

namespace jcsim::scenario {

// Appends every problem of `parsed` to `diags`. The scenario may be compiled if no error was added.
void validate(const Parsed& parsed, Diagnostics& diags);

}  // namespace jcsim::scenario
