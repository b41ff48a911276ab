#include "engine/calib/calibrate.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <google/protobuf/text_format.h>
#include <nlopt.hpp>

#include "engine/calib/targets.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "engine/scenario/rewrite.h"
#include "engine/stats/sample.h"
#include "proto/scenario.pb.h"

namespace jcsim::calib {

namespace gp = google::protobuf;

bool TargetFit::met() const {
  return std::fabs(relative_error()) <= tolerance || (low <= observed && observed <= high);
}

namespace {

// Parameter values are rounded to 6 significant digits before use, so the calibrated text reproduces exactly the
// scenario that was evaluated.
double rounded(double v) { return std::stod(parameter_text(v)); }

// The value a path holds in the scenario text (the parameter's starting point).
double current_value(const std::string& text, const std::string& path) {
  pb::Scenario original;
  gp::TextFormat::ParseFromString(text, &original);
  pb::Scenario scratch = original;
  std::vector<scenario::PathStep> steps;
  scenario::apply_override(scratch, {path, "0"}, &steps);  // resolves the path (the value set here is discarded)
  const gp::Message* m = &original;
  for (size_t k = 0; k + 1 < steps.size(); ++k) {
    const auto* r = m->GetReflection();
    m = steps[k].index >= 0 ? &r->GetRepeatedMessage(*m, steps[k].field, steps[k].index)
                            : &r->GetMessage(*m, steps[k].field);
  }
  const auto* f = steps.back().field;
  const auto* r = m->GetReflection();
  switch (f->cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_DOUBLE: return r->GetDouble(*m, f);
    case gp::FieldDescriptor::CPPTYPE_FLOAT: return r->GetFloat(*m, f);
    case gp::FieldDescriptor::CPPTYPE_INT32: return r->GetInt32(*m, f);
    case gp::FieldDescriptor::CPPTYPE_INT64: return static_cast<double>(r->GetInt64(*m, f));
    case gp::FieldDescriptor::CPPTYPE_UINT32: return r->GetUInt32(*m, f);
    case gp::FieldDescriptor::CPPTYPE_UINT64: return static_cast<double>(r->GetUInt64(*m, f));
    default: throw std::runtime_error(path + " is not a number");
  }
}

class Problem {
 public:
  Problem(const std::string& name, const std::string& text, const calibration::CalibrationTargets& t, const CalibrationOptions& o)
      : name_(name), text_(text), t_(t), o_(o) {}

  std::vector<scenario::Override> overrides(const std::vector<double>& values) const {
    std::vector<scenario::Override> out;
    for (int i = 0; i < t_.parameter_size(); ++i) {
      const auto& p = t_.parameter(i);
      out.push_back({p.path(), parameter_text(values[static_cast<size_t>(i)])});
      for (const auto& tie : p.tie())
        out.push_back({tie.path(), parameter_text(tie.offset() + tie.scale() * values[static_cast<size_t>(i)])});
    }
    return out;
  }

  // Per target, the simulated values of every replication [first, first + reps).
  std::vector<std::vector<double>> simulate(const std::vector<double>& values, int first, int reps, bool& cancelled) const {
    scenario::LoadOptions lo;
    lo.overrides = overrides(values);
    const auto loaded = scenario::load_text(name_, text_, lo);
    if (!loaded.scenario) {
      std::string message;
      for (const auto& item : loaded.diagnostics.items()) message += "\n" + item.message;
      throw std::runtime_error("the scenario is not valid at " + describe(values) + ":" + message);
    }
    const auto& s = *loaded.scenario;
    run::RunOptions ro;
    ro.replications = reps;
    ro.first_replication = first;
    ro.seed = t_.seed();
    ro.threads = o_.threads;
    ro.cancel = o_.cancel;
    const auto r = run::run(s, ro);
    cancelled = r.cancelled;
    std::vector<std::vector<double>> out;
    if (cancelled) return out;
    std::map<std::pair<std::string, std::string>, size_t> index;
    for (size_t k = 0; k < r.layout->series_count(); ++k) index[{r.layout->name(k).metric, r.layout->name(k).segment}] = k;
    for (const auto& g : t_.target()) {
      const size_t series = index.at({g.metric(), g.segment()});
      std::vector<double> per_rep;
      if (g.aggregate() == calibration::YEAR_END) {
        per_rep = run::year_end(r, s, series, g.year());
      } else {
        per_rep = run::year_sum(r, s, series, g.year());
        if (g.aggregate() == calibration::YEAR_MEAN) {
          int months = 0;
          for (int m = 0; m < s.horizon; ++m) months += s.month_at(m).year() == g.year() ? 1 : 0;
          for (double& v : per_rep) v /= std::max(months, 1);
        }
      }
      out.push_back(std::move(per_rep));
    }
    return out;
  }

  double objective(const std::vector<std::vector<double>>& sims) const {
    double sum = 0;
    for (int j = 0; j < t_.target_size(); ++j) {
      const auto& g = t_.target(j);
      const double e = (stats::mean(sims[static_cast<size_t>(j)]) - g.value()) / std::max(std::fabs(g.value()), 1.0);
      sum += g.weight() * e * e;
    }
    return sum;
  }

  std::vector<TargetFit> table(const std::vector<std::vector<double>>& sims) const {
    std::vector<TargetFit> out;
    for (int j = 0; j < t_.target_size(); ++j) {
      const auto& g = t_.target(j);
      const auto& v = sims[static_cast<size_t>(j)];
      TargetFit f;
      f.label = target_label(g);
      f.source = g.source();
      f.observed = g.value();
      f.tolerance = g.tolerance();
      f.mean = stats::mean(v);
      const double n = static_cast<double>(v.size());
      const double half = stats::t975(n - 1) * std::sqrt(stats::variance(v) / n);
      f.low = f.mean - half;
      f.high = f.mean + half;
      out.push_back(f);
    }
    return out;
  }

  std::string describe(const std::vector<double>& values) const {
    std::string out;
    for (int i = 0; i < t_.parameter_size(); ++i)
      out += (i ? ", " : "") + t_.parameter(i).path() + "=" + parameter_text(values[static_cast<size_t>(i)]);
    return out;
  }

 private:
  const std::string& name_;
  const std::string& text_;
  const calibration::CalibrationTargets& t_;
  const CalibrationOptions& o_;
};

struct Cancelled {};

// Solves A x = b for a small dense symmetric matrix; false if it is singular.
bool invert(std::vector<std::vector<double>> a, std::vector<std::vector<double>>& inverse) {
  const size_t n = a.size();
  inverse.assign(n, std::vector<double>(n, 0));
  for (size_t i = 0; i < n; ++i) inverse[i][i] = 1;
  for (size_t c = 0; c < n; ++c) {
    size_t pivot = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[pivot][c])) pivot = r;
    if (std::fabs(a[pivot][c]) < 1e-300) return false;
    std::swap(a[c], a[pivot]);
    std::swap(inverse[c], inverse[pivot]);
    const double d = a[c][c];
    for (size_t k = 0; k < n; ++k) a[c][k] /= d, inverse[c][k] /= d;
    for (size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = a[r][c];
      for (size_t k = 0; k < n; ++k) a[r][k] -= f * a[c][k], inverse[r][k] -= f * inverse[c][k];
    }
  }
  return true;
}

}  // namespace

CalibrationResult calibrate(const std::string& scenario_name, const std::string& scenario_text,
                            const calibration::CalibrationTargets& t, const std::string& targets_name,
                            const CalibrationOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const Problem problem(scenario_name, scenario_text, t, options);
  const size_t n = static_cast<size_t>(t.parameter_size());
  CalibrationResult result;
  std::vector<double> lower(n), upper(n), initial(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& p = t.parameter(static_cast<int>(i));
    lower[i] = p.lower();
    upper[i] = p.upper();
    initial[i] = std::clamp(current_value(scenario_text, p.path()), p.lower(), p.upper());
  }
  // The search runs in the unit box; values are rounded before use.
  const auto values_of = [&](const std::vector<double>& x) {
    std::vector<double> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = rounded(std::clamp(lower[i] + x[i] * (upper[i] - lower[i]), lower[i], upper[i]));
    return v;
  };
  const int reps = t.replications();
  bool cancelled = false;
  double best = std::numeric_limits<double>::infinity();
  std::vector<double> best_values = initial;
  const auto evaluate = [&](const std::vector<double>& values) {
    const auto sims = problem.simulate(values, 0, reps, cancelled);
    if (cancelled) throw Cancelled{};
    const double f = problem.objective(sims);
    ++result.evaluations;
    if (f < best) best = f, best_values = values;
    if (options.on_evaluation) options.on_evaluation(result.evaluations, f, values);
    return f;
  };
  try {
    result.objective_initial = evaluate(initial);
    std::vector<double> x(n);
    for (size_t i = 0; i < n; ++i) x[i] = (initial[i] - lower[i]) / (upper[i] - lower[i]);
    nlopt::opt opt(nlopt::LN_SBPLX, static_cast<unsigned>(n));
    opt.set_lower_bounds(std::vector<double>(n, 0.0));
    opt.set_upper_bounds(std::vector<double>(n, 1.0));
    opt.set_xtol_abs(1e-4);
    opt.set_ftol_abs(1e-7);
    opt.set_maxeval(std::max(t.max_evaluations() - 1, 1));
    opt.set_initial_step(0.1);
    using Fn = std::function<double(const std::vector<double>&)>;
    Fn fn = [&](const std::vector<double>& y) {
      try {
        return evaluate(values_of(y));
      } catch (const Cancelled&) {
        throw nlopt::forced_stop();
      }
    };
    opt.set_min_objective(
        [](const std::vector<double>& y, std::vector<double>&, void* data) { return (*static_cast<Fn*>(data))(y); },
        &fn);
    double f = 0;
    try {
      opt.optimize(x, f);
    } catch (const nlopt::forced_stop&) {
      cancelled = true;
    } catch (const nlopt::roundoff_limited&) {
      // the best point so far stands
    }
  } catch (const Cancelled&) {
    cancelled = true;
  }
  result.cancelled = cancelled;
  if (cancelled) return result;
  result.objective_final = best;

  // The fit on fresh replications (numbered after those the search used), before and after.
  const int check = t.check_replications();
  result.before = problem.table(problem.simulate(initial, reps, check, cancelled));
  if (cancelled) return result.cancelled = true, result;
  const auto after = problem.simulate(best_values, reps, check, cancelled);
  if (cancelled) return result.cancelled = true, result;
  result.after = problem.table(after);

  // Sensitivities by central differences on the search's replications (common random numbers keep them smooth).
  const size_t m = static_cast<size_t>(t.target_size());
  std::vector<std::vector<double>> jac(m, std::vector<double>(n, 0));
  std::vector<double> steps(n);
  for (size_t i = 0; i < n; ++i) {
    const double h = 0.02 * (upper[i] - lower[i]);
    auto up = best_values, down = best_values;
    up[i] = rounded(std::min(upper[i], best_values[i] + h));
    down[i] = rounded(std::max(lower[i], best_values[i] - h));
    const auto su = problem.simulate(up, 0, reps, cancelled);
    if (cancelled) return result.cancelled = true, result;
    const auto sd = problem.simulate(down, 0, reps, cancelled);
    if (cancelled) return result.cancelled = true, result;
    for (size_t j = 0; j < m; ++j)
      jac[j][i] = up[i] > down[i] ? (stats::mean(su[j]) - stats::mean(sd[j])) / (up[i] - down[i]) : 0;
  }
  std::vector<double> var(m);
  for (size_t j = 0; j < m; ++j) {
    const double se_obs = t.target(static_cast<int>(j)).standard_error();
    // The fit matched the mean of the search's replications: their noise, and the observation's, carry over.
    var[j] = stats::variance(after[j]) / static_cast<double>(reps) + se_obs * se_obs;
    var[j] = std::max(var[j], 1e-12);
  }
  std::vector<std::vector<double>> info(n, std::vector<double>(n, 0)), cov;
  for (size_t a = 0; a < n; ++a)
    for (size_t b = 0; b < n; ++b)
      for (size_t j = 0; j < m; ++j) info[a][b] += jac[j][a] * jac[j][b] / var[j];
  const bool identified = invert(info, cov);
  for (size_t i = 0; i < n; ++i) {
    ParameterFit p;
    p.path = t.parameter(static_cast<int>(i)).path();
    p.lower = lower[i];
    p.upper = upper[i];
    p.initial = initial[i];
    p.fitted = best_values[i];
    p.half_width = identified && cov[i][i] > 0 ? 1.96 * std::sqrt(cov[i][i]) : std::numeric_limits<double>::infinity();
    result.parameters.push_back(p);
  }

  // The calibrated text: the fitted values written in place, with their provenance.
  std::vector<scenario::Rewrite> rewrites;
  for (size_t i = 0; i < n; ++i) {
    const auto& p = result.parameters[i];
    const std::string note = fmt::format(
        "calibrated by jcsim calibrate to {} (was {}; 95 % interval ± {})", targets_name,
        parameter_text(p.initial), std::isfinite(p.half_width) ? parameter_text(p.half_width) : "not identified");
    rewrites.push_back({{p.path, parameter_text(p.fitted)}, note});
    for (const auto& tie : t.parameter(static_cast<int>(i)).tie())
      rewrites.push_back({{tie.path(), parameter_text(tie.offset() + tie.scale() * p.fitted)},
                          fmt::format("calibrated by jcsim calibrate to {}: {} + {} x {}", targets_name,
                                      parameter_text(tie.offset()), parameter_text(tie.scale()), p.path)});
  }
  std::string error;
  if (!scenario::rewrite_values(scenario_text, rewrites, result.calibrated_text, error))
    throw std::runtime_error("cannot write the calibrated values: " + error);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace jcsim::calib
