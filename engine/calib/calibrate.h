// Calibration: fit a scenario's free parameters to observed targets.
//
// The objective is the weighted sum of squared relative errors of the simulated means against the targets. Every
// evaluation runs the same replications with the same seed (common random numbers), so two parameter vectors are
// compared on the same simulated people and the objective is free of replication noise between evaluations; a
// derivative-free NLopt method (Subplex) searches the box of the bounds. The fit is then checked on fresh
// replications (numbered after those used for fitting), and each parameter gets an approximate 95 % interval from
// the sensitivity of the targets to it (weighted least squares: Cov = (Jᵀ S⁻¹ J)⁻¹, S the variance of each target's
// simulated mean over the search's replications plus the observation's own).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "proto/targets.pb.h"

namespace jcsim::calib {

struct CalibrationOptions {
  int threads = 0;
  const std::atomic<bool>* cancel = nullptr;
  // After every evaluation: its number, the objective, and the parameter values.
  std::function<void(int evaluation, double objective, const std::vector<double>& values)> on_evaluation;
};

struct ParameterFit {
  std::string path;
  double lower = 0, upper = 0;
  double initial = 0, fitted = 0;
  double half_width = 0;  // of the approximate 95 % interval; infinity when the targets do not identify it
  bool at_bound() const { return fitted <= lower || fitted >= upper; }
};

struct TargetFit {
  std::string label, source;
  double observed = 0, tolerance = 0;
  double mean = 0, low = 0, high = 0;  // simulated, fresh replications, 95 % interval of the mean
  double relative_error() const { return observed != 0 ? mean / observed - 1 : mean; }
  bool met() const;  // within tolerance, or the observed value inside the simulated interval
};

struct CalibrationResult {
  std::vector<ParameterFit> parameters;
  std::vector<TargetFit> before, after;  // the fit table at the initial and at the fitted values
  double objective_initial = 0, objective_final = 0;
  int evaluations = 0;
  bool cancelled = false;
  std::string calibrated_text;  // the scenario text with the fitted values and their sources written in
  double seconds = 0;
};

// `scenario_text` must be a valid scenario and `targets` checked by load_targets against it. `targets_name` is
// named in the calibrated values' sources. Throws std::runtime_error if the scenario fails at a point the bounds
// allow (load_targets checks both bounds, so only interior points can).
CalibrationResult calibrate(const std::string& scenario_name, const std::string& scenario_text,
                            const calibration::CalibrationTargets& targets, const std::string& targets_name,
                            const CalibrationOptions& options);

}  // namespace jcsim::calib
