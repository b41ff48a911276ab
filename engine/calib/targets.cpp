#include "engine/calib/targets.h"

#include <cmath>
#include <set>

#include <fmt/format.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "engine/scenario/load.h"
#include "engine/scenario/rewrite.h"
#include "engine/stats/series.h"
#include "engine/util/text.h"

namespace jcsim::calib {

namespace gp = google::protobuf;

namespace {

class Collector : public gp::io::ErrorCollector {
 public:
  Collector(std::string file, Diagnostics& d) : file_(std::move(file)), d_(d) {}
  void AddError(int line, gp::io::ColumnNumber column, const std::string& message) override {
    d_.error(file_, {line + 1, column + 1}, message);
  }
  void AddWarning(int line, gp::io::ColumnNumber column, const std::string& message) override {
    d_.warning(file_, {line + 1, column + 1}, message);
  }

 private:
  std::string file_;
  Diagnostics& d_;
};

const char* aggregate_name(jcsim::calibration::Aggregate a) {
  switch (a) {
    case calibration::YEAR_SUM: return "sum";
    case calibration::YEAR_END: return "year end";
    case calibration::YEAR_MEAN: return "mean";
    default: return "?";
  }
}

}  // namespace

std::string parameter_text(double v) { return fmt::format("{:.6g}", v); }

std::string target_label(const calibration::Target& t) {
  return fmt::format("{} {} {} ({})", t.metric(), t.segment().empty() ? "all" : t.segment(), t.year(),
                     aggregate_name(t.aggregate()));
}

LoadedTargets load_targets(const std::string& path, std::string_view scenario_name, std::string_view scenario_text,
                           const model::Scenario& scenario) {
  std::string text;
  LoadedTargets out;
  if (!scenario::read_text_file(path, scenario::LoadOptions{}.max_file_bytes, text, out.diagnostics)) return out;
  return load_targets_text(path, text, scenario_name, scenario_text, scenario);
}

LoadedTargets load_targets_text(std::string_view name, std::string_view text, std::string_view scenario_name,
                                std::string_view scenario_text, const model::Scenario& scenario) {
  LoadedTargets out;
  const std::string file(name);
  auto& d = out.diagnostics;
  if (const auto nul = first_nul(text)) {
    d.error(file, *nul, "the file holds a NUL byte: it is binary, not a targets file");
    return out;
  }
  if (const auto bad = first_invalid_utf8(text)) {
    d.error(file, *bad, "the file is not valid UTF-8");
    return out;
  }
  calibration::CalibrationTargets t;
  gp::TextFormat::ParseInfoTree tree;
  gp::TextFormat::Parser parser;
  Collector collector(file, d);
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  parser.SetRecursionLimit(16);
  if (!parser.ParseFromString(std::string(text), &t)) {
    if (d.error_count() == 0) d.error(file, {1, 1}, "the file could not be parsed");
    return out;
  }
  const auto* desc = calibration::CalibrationTargets::descriptor();
  const auto at = [&](const char* field, int index) {
    const auto loc = tree.GetLocation(desc->FindFieldByName(field), index);
    return SourcePos{loc.line + 1, loc.column + 1};
  };
  if (t.parameter_size() == 0) d.error(file, {1, 1}, "no parameter is free: name at least one `parameter { path: ... }`");
  if (t.target_size() == 0) d.error(file, {1, 1}, "no target: name at least one `target { metric: ... }`");
  if (t.target_size() > 0 && t.parameter_size() > t.target_size())
    d.warning(file, {1, 1},
              fmt::format("{} free parameters but only {} targets: the parameters are not all identified",
                          t.parameter_size(), t.target_size()));
  if (t.replications() == 0) t.set_replications(40);
  if (t.max_evaluations() == 0) t.set_max_evaluations(120);
  if (t.check_replications() == 0) t.set_check_replications(200);
  if (t.seed() == 0) t.set_seed(scenario.default_seed);
  if (t.replications() < 2 || t.replications() > 100000)
    d.error(file, at("replications", -1), fmt::format("replications: {} is outside 2..100000", t.replications()));
  if (t.check_replications() < 2 || t.check_replications() > 100000)
    d.error(file, at("check_replications", -1),
            fmt::format("check_replications: {} is outside 2..100000", t.check_replications()));
  if (t.max_evaluations() < 1 || t.max_evaluations() > 100000)
    d.error(file, at("max_evaluations", -1), fmt::format("max_evaluations: {} is outside 1..100000", t.max_evaluations()));

  // Parameters: the path resolves, is written in the scenario (so the calibrated value can be written back), the
  // bounds are ordered, and the scenario is valid at both bounds.
  std::set<std::string> paths;
  for (int i = 0; i < t.parameter_size(); ++i) {
    const auto& p = t.parameter(i);
    const SourcePos pos = at("parameter", i);
    const std::string what = fmt::format("parameter {} ({})", i + 1, p.path());
    if (p.path().empty()) {
      d.error(file, pos, fmt::format("parameter {}: path is missing (e.g. population.segment[u25].job_finding_hazard)", i + 1));
      continue;
    }
    if (!paths.insert(p.path()).second) d.error(file, pos, what + ": the path is free twice");
    if (!std::isfinite(p.lower()) || !std::isfinite(p.upper()) || !(p.lower() < p.upper())) {
      d.error(file, pos,
              fmt::format("{}: lower {} must be below upper {}", what, parameter_text(p.lower()),
                          parameter_text(p.upper())));
      continue;
    }
    std::vector<scenario::Rewrite> rewrites{{{p.path(), parameter_text(p.lower())}, ""}};
    for (const auto& tie : p.tie()) {
      if (!std::isfinite(tie.offset()) || !std::isfinite(tie.scale()) || tie.scale() == 0)
        d.error(file, pos, fmt::format("{}: tie {}: scale must be a finite number other than 0", what, tie.path()));
      rewrites.push_back({{tie.path(), parameter_text(tie.offset() + tie.scale() * p.lower())}, ""});
    }
    std::string rewritten, error;
    if (!scenario::rewrite_values(scenario_text, rewrites, rewritten, error)) {
      d.error(file, pos, fmt::format("{}: {}", what, error));
      continue;
    }
    for (const double bound : {p.lower(), p.upper()}) {
      scenario::LoadOptions o;
      o.overrides.push_back({p.path(), parameter_text(bound)});
      for (const auto& tie : p.tie())
        o.overrides.push_back({tie.path(), parameter_text(tie.offset() + tie.scale() * bound)});
      const auto loaded = scenario::load_text(scenario_name, scenario_text, o);
      if (!loaded.scenario) {
        const auto& items = loaded.diagnostics.items();
        std::string first;
        for (const auto& item : items)
          if (item.severity == Severity::kError) {
            first = item.message;
            break;
          }
        d.error(
            file, pos,
            fmt::format("{}: the scenario is not valid at the bound {}: {}", what, parameter_text(bound), first));
        break;
      }
    }
  }

  // Targets: a series and a year the scenario has.
  const stats::Layout layout(scenario);
  std::set<std::pair<std::string, std::string>> series;
  std::vector<std::string> metrics, segments;
  for (size_t s = 0; s < layout.series_count(); ++s) {
    series.insert({layout.name(s).metric, layout.name(s).segment});
    metrics.push_back(layout.name(s).metric);
  }
  const int first_year = scenario.start.year(), last_year = scenario.month_at(scenario.horizon - 1).year();
  for (int i = 0; i < t.target_size(); ++i) {
    auto& g = *t.mutable_target(i);
    const SourcePos pos = at("target", i);
    if (g.segment().empty()) g.set_segment("all");
    if (g.weight() == 0) g.set_weight(1);
    if (g.tolerance() == 0) g.set_tolerance(0.05);
    const std::string what = fmt::format("target {} ({})", i + 1, target_label(g));
    if (series.count({g.metric(), g.segment()}) == 0) {
      std::vector<std::string> here;
      for (const auto& [m, s] : series)
        if (m == g.metric()) here.push_back(s);
      if (here.empty())
        d.error(file, pos, fmt::format("{}: the scenario has no metric '{}'{}", what, g.metric(), did_you_mean(g.metric(), metrics)));
      else
        d.error(file, pos, fmt::format("{}: metric {} has no segment '{}'{}", what, g.metric(), g.segment(),
                                       did_you_mean(g.segment(), here)));
    }
    if (g.year() < first_year || g.year() > last_year)
      d.error(file, pos, fmt::format("{}: year {} is outside the scenario's calendar ({}..{})", what, g.year(), first_year, last_year));
    if (g.aggregate() == calibration::AGGREGATE_UNSPECIFIED)
      d.error(file, pos, what + ": aggregate is missing; allowed: YEAR_SUM, YEAR_END, YEAR_MEAN");
    if (!std::isfinite(g.value())) d.error(file, pos, what + ": value must be a finite number");
    if (!(g.weight() > 0) || !std::isfinite(g.weight())) d.error(file, pos, what + ": weight must be > 0");
    if (!(g.tolerance() > 0) || g.tolerance() > 1) d.error(file, pos, what + ": tolerance must be in (0, 1]");
    if (!(g.standard_error() >= 0) || !std::isfinite(g.standard_error()))
      d.error(file, pos, what + ": standard_error must be >= 0");
    if (g.source().empty()) d.warning(file, pos, what + ": no source; say where the observed value comes from");
  }
  d.sort();
  if (d.error_count() == 0) out.targets = std::move(t);
  return out;
}

}  // namespace jcsim::calib
