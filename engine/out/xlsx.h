// The spreadsheet strategy staff open: sheets Overview, Monatswerte, Instrumente, Budget, Personal and §16i,
// with number formats (thousands, €, %), frozen header rows and column widths. Written to a temporary name and
// renamed into place. Text from the scenario is always written as text, never as a formula (no formula injection).
#pragma once

#include <string>

#include "engine/model/scenario.h"
#include "proto/results.pb.h"

namespace jcsim::out {

// Throws std::runtime_error when the file cannot be written.
void write_xlsx(const std::string& path, const results::Run& run, const model::Scenario& scenario);

}  // namespace jcsim::out
