// Loading a calibration targets file (proto/targets.proto): parsed like a scenario, and checked against the
// scenario it calibrates — every free parameter's path resolves and is written in the scenario, the scenario is
// valid at both bounds, every target names a series and a year the scenario has. All problems in one pass, GCC
// style, exit code 2 at the command line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/model/scenario.h"
#include "engine/util/diagnostics.h"
#include "proto/targets.pb.h"

namespace jcsim::calib {

struct LoadedTargets {
  std::optional<calibration::CalibrationTargets> targets;  // with defaults filled in; empty when there are errors
  Diagnostics diagnostics;
};

// `scenario_text` is the scenario's text as read (parameters are set by path and must be written there).
LoadedTargets load_targets(const std::string& path, std::string_view scenario_name, std::string_view scenario_text,
                           const model::Scenario& scenario);
LoadedTargets load_targets_text(std::string_view name, std::string_view text, std::string_view scenario_name,
                                std::string_view scenario_text, const model::Scenario& scenario);

// "integrations all 2023 (sum)"
std::string target_label(const calibration::Target& t);

// A parameter value or bound as written into scenario text: 6 significant digits (calibrate evaluates a parameter
// at this rounding, so that the text it writes reproduces the scenario evaluated).
std::string parameter_text(double v);

}  // namespace jcsim::calib
