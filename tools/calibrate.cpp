// jcsim calibrate SCENARIO --targets FILE [--out CALIBRATED]: fits the free parameters the targets file names and
// prints the fit table (target, observed, simulated mean with its 95 % interval, relative error) before and
// after, and the fitted parameters with their intervals. --out writes the calibrated scenario: the original text
// with the fitted values (and their provenance in `source`) written in place.
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>

#include <fmt/format.h>

#include "engine/calib/calibrate.h"
#include "engine/calib/targets.h"
#include "engine/out/summary_csv.h"
#include "engine/util/format.h"
#include "tools/common.h"

namespace jcsim::tools {

namespace {

std::string fit_table(const std::vector<calib::TargetFit>& rows) {
  std::string out = fmt::format("  {:<44}{:>12}{:>12}  {:<24}{:>9}\n", "target", "observed", "simulated",
                                "95 % interval", "error");
  for (const auto& r : rows) {
    const int decimals = std::fabs(r.observed) < 100 ? 1 : 0;
    fmt::format_to(std::back_inserter(out), "  {:<44}{:>12}{:>12}  {:<24}{:>+8.1f}% {}\n", r.label,
                   group_thousands(r.observed, decimals), group_thousands(r.mean, decimals),
                   fmt::format("[{} – {}]", group_thousands(r.low, decimals), group_thousands(r.high, decimals)),
                   100 * r.relative_error(), r.met() ? "ok" : "MISSED");
  }
  return out;
}

}  // namespace

int cmd_calibrate(const CalibrateFlags& f) {
  catch_stop_signals();
  const auto loaded = scenario::load_file(f.scenario);
  if (!loaded.scenario) {
    print_diagnostics(loaded.diagnostics);
    return kBadInput;
  }
  const auto targets = calib::load_targets(f.targets, f.scenario, loaded.text, *loaded.scenario);
  print_diagnostics(targets.diagnostics);
  if (!targets.targets) return kBadInput;
  const auto& t = *targets.targets;
  if (!outputs_writable("jcsim calibrate", {{"--out", f.out, OutputPath::kFile}})) return kBadInput;
  calib::CalibrationOptions options;
  options.threads = f.threads;
  options.cancel = &g_stop;
  if (!f.quiet)
    options.on_evaluation = [](int k, double objective, const std::vector<double>& values) {
      std::string v;
      for (const double x : values) v += fmt::format(" {:.6g}", x);
      std::fprintf(stderr, "  evaluation %3d: objective %.6g at%s\n", k, objective, v.c_str());
    };
  if (!f.quiet)
    std::fprintf(stderr, "%s: %d free parameters, %d targets, %d replications per evaluation (seed %llu), at most %d "
                         "evaluations\n",
                 f.scenario.c_str(), t.parameter_size(), t.target_size(), t.replications(),
                 static_cast<unsigned long long>(t.seed()), t.max_evaluations());
  const auto r = calib::calibrate(f.scenario, loaded.text, t, f.targets, options);
  if (r.cancelled) {
    std::fprintf(stderr, "jcsim: interrupted; nothing was written\n");
    return interrupted_exit_code();
  }
  if (!f.out.empty()) out::write_file_atomically(f.out, r.calibrated_text);
  std::string report = fmt::format(
      "{} calibrated to {}: {} evaluations in {:.1f} s, objective {:.4g} → {:.4g}\n\n"
      "Fit on {} fresh replications (not those the search used):\n  before\n{}  after\n{}\nParameters:\n",
      loaded.scenario->name, f.targets, r.evaluations, r.seconds, r.objective_initial, r.objective_final,
      t.check_replications(), fit_table(r.before), fit_table(r.after));
  for (const auto& p : r.parameters)
    fmt::format_to(std::back_inserter(report), "  {:<56}{:>12.6g} → {:<12.6g} ± {}{}\n", p.path, p.initial, p.fitted,
                   std::isfinite(p.half_width) ? fmt::format("{:.3g}", p.half_width) : "not identified",
                   p.at_bound() ? "  (at a bound: widen it?)" : "");
  if (!f.out.empty()) report += "Calibrated scenario: " + f.out + "\n";
  std::fputs(report.c_str(), stdout);
  return kOk;
}

}  // namespace jcsim::tools
