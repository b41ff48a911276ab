// Calibration recovers known parameters: data simulated from a scenario with known job-finding hazards are the
// targets; a copy with both hazards perturbed is calibrated back, and each true value lies within the fitted
// value's 95 % interval. Also: the calibrated text is the original with only the fitted numbers changed, and bad
// targets files are refused with precise messages.
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>

#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/calib/calibrate.h"
#include "engine/calib/targets.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "engine/scenario/rewrite.h"
#include "tests/sim/builder.h"
#include "tests/support.h"

using namespace jcsim;

namespace {

const std::string kTiny = test::read_file(test::kSourceDir / "scenarios/tiny.textproto");
constexpr double kTrueMarktnah = 0.04, kTrueRefugee = 0.013;  // as written in tiny.textproto
const char* const kMarktnah = "population.segment[marktnah].job_finding_hazard";
const char* const kRefugee = "population.segment[gefluechtete].job_finding_hazard";

std::string with_values(double marktnah, double refugee) {
  std::string out, error;
  EXPECT_TRUE(scenario::rewrite_values(kTiny, {{{kMarktnah, std::to_string(marktnah)}, ""}, {{kRefugee, std::to_string(refugee)}, ""}},
                                       out, error))
      << error;
  return out;
}

struct Observed {
  double mean = 0, se = 0;
};

// 2024 integrations of a segment in the "real" data: 400 replications of the true scenario on another seed.
Observed observe(const run::RunResult& r, const model::Scenario& s, const std::string& segment) {
  size_t series = 0;
  for (size_t k = 0; k < r.layout->series_count(); ++k)
    if (r.layout->name(k).metric == "integrations" && r.layout->name(k).segment == segment) series = k;
  const auto v = run::year_sum(r, s, series, 2024);
  double m = 0, ss = 0;
  for (const double x : v) m += x / static_cast<double>(v.size());
  for (const double x : v) ss += (x - m) * (x - m);
  return {m, std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()))};
}

}  // namespace

TEST(Calibrate, RecoversKnownHazardsWithinTheirIntervals) {
  const auto truth = scenario::load_text("tiny.textproto", kTiny);
  ASSERT_NE(truth.scenario, nullptr);
  run::RunOptions o;
  o.replications = 400;
  o.seed = 777;  // the data are not the replications the calibration uses
  const auto data = run::run(*truth.scenario, o);
  const auto all = observe(data, *truth.scenario, "all"), refugee = observe(data, *truth.scenario, "refugee");

  const std::string perturbed = with_values(0.06, 0.007);
  const auto start = scenario::load_text("perturbed.textproto", perturbed);
  ASSERT_NE(start.scenario, nullptr);
  const std::string targets_text = fmt::format(R"(
    parameter {{ path: "{}" lower: 0.01 upper: 0.1 source: "wide" }}
    parameter {{ path: "{}" lower: 0.002 upper: 0.05 source: "wide" }}
    target {{ metric: "integrations" year: 2024 aggregate: YEAR_SUM value: {} standard_error: {} source: "simulated truth" }}
    target {{ metric: "integrations" segment: "refugee" year: 2024 aggregate: YEAR_SUM value: {} standard_error: {} source: "simulated truth" }}
    replications: 40 max_evaluations: 150 check_replications: 100
  )",
                                               kMarktnah, kRefugee, all.mean, all.se, refugee.mean, refugee.se);
  const auto targets = calib::load_targets_text("targets.textproto", targets_text, "perturbed.textproto", perturbed, *start.scenario);
  ASSERT_TRUE(targets.targets.has_value());
  const auto r = calib::calibrate("perturbed.textproto", perturbed, *targets.targets, "targets.textproto", {});
  ASSERT_FALSE(r.cancelled);
  ASSERT_EQ(r.parameters.size(), 2u);
  const double truths[] = {kTrueMarktnah, kTrueRefugee};
  for (size_t i = 0; i < 2; ++i) {
    const auto& p = r.parameters[i];
    SCOPED_TRACE(p.path);
    EXPECT_TRUE(std::isfinite(p.half_width));
    EXPECT_LT(p.half_width, 0.25 * truths[i]) << "an interval narrow enough to mean something";
    EXPECT_LE(std::fabs(p.fitted - truths[i]), p.half_width)
        << "fitted " << p.fitted << " ± " << p.half_width << ", true " << truths[i];
    EXPECT_LT(std::fabs(p.fitted - truths[i]), std::fabs(p.initial - truths[i]) / 2) << "moved well back towards the truth";
  }
  EXPECT_LT(r.objective_final, r.objective_initial / 100);
  for (const auto& t : r.after) EXPECT_TRUE(t.met()) << t.label << ": " << t.mean << " vs " << t.observed;

  // The calibrated text is the perturbed text with the two values (and their sources) replaced, nothing else.
  const auto calibrated = scenario::load_text("calibrated.textproto", r.calibrated_text);
  ASSERT_NE(calibrated.scenario, nullptr);
  EXPECT_NEAR(calibrated.scenario->population.segments[0].job_finding_hazard, r.parameters[0].fitted, 1e-12);
  EXPECT_EQ(r.calibrated_text.find("value: 0.06 "), std::string::npos);
  EXPECT_NE(r.calibrated_text.find("calibrated by jcsim calibrate to targets.textproto (was 0.06;"), std::string::npos);
  size_t changed_lines = 0;
  std::istringstream a(perturbed), b(r.calibrated_text);
  for (std::string la, lb; std::getline(a, la) && std::getline(b, lb);) changed_lines += la != lb;
  EXPECT_EQ(changed_lines, 2u);
}

namespace {

// The builder's one segment with constant hazards (job finding h, exit e = 0.01, no inflow): its 2024 integrations
// I(h) and average ELB stock S(h), exactly (test::ConstantHazardChain).
constexpr double kStock = 2000, kExit = 0.01;
const char* const kHazard = "population.segment[s].job_finding_hazard";

double integrations(double h) {
  const test::ConstantHazardChain chain{kStock, kExit, h};
  double sum = 0;
  for (int t = 0; t < 12; ++t) sum += chain.integrations(t);
  return sum;
}

double mean_stock(double h) {
  const test::ConstantHazardChain chain{kStock, kExit, h};
  double sum = 0;
  for (int t = 0; t < 12; ++t) sum += chain.stock(t);
  return sum / 12;
}

calib::CalibrationResult calibrate_builder(const std::string& targets_body) {
  test::Params p;
  p.stock = static_cast<int>(kStock);
  p.exit = kExit;
  p.job = 0.03;
  const std::string text = test::scenario_text(p);
  const auto start = scenario::load_text("builder.textproto", text);
  EXPECT_NE(start.scenario, nullptr);
  const std::string targets_text =
      fmt::format(R"(parameter {{ path: "{}" lower: 0.01 upper: 0.1 source: "wide" }}
{}
replications: 40 max_evaluations: 80 check_replications: 100)",
                  kHazard, targets_body);
  const auto targets =
      calib::load_targets_text("targets.textproto", targets_text, "builder.textproto", text, *start.scenario);
  EXPECT_TRUE(targets.targets.has_value());
  return calib::calibrate("builder.textproto", text, *targets.targets, "targets.textproto", {});
}

}  // namespace

// With one parameter and one target, the 95 % interval is 1.96 × the target's error over its sensitivity: here the
// observation's standard error (30 integrations) dominates the simulation's, and the sensitivity is dI/dh of the
// exact I(h), so the half-width is 1.96 · 30 / I'(h) within a few per cent.
TEST(Calibrate, AnIntervalIsTheTargetsErrorOverItsSensitivity) {
  const auto r = calibrate_builder(
      fmt::format(R"(target {{ metric: "integrations" year: 2024 aggregate: YEAR_SUM value: {} standard_error: 30
                                source: "exact" }})",
                  integrations(0.03)));
  ASSERT_FALSE(r.cancelled);
  ASSERT_EQ(r.parameters.size(), 1u);
  const double h = r.parameters[0].fitted, dh = 1e-6;
  EXPECT_NEAR(h, 0.03, 0.003);
  const double slope = (integrations(h + dh) - integrations(h - dh)) / (2 * dh);
  EXPECT_NEAR(r.parameters[0].half_width, 1.96 * 30 / slope, 0.1 * 1.96 * 30 / slope);
}

// Weights decide between targets that disagree: integrations say h = 0.05, the average ELB stock (a YEAR_MEAN
// target, weight 100) says h = 0.02, so the fit lies near 0.02 (about 0.022; with equal weights it would lie near
// 0.047). The YEAR_MEAN target is the average of the monthly stocks: its simulated value at the start (h = 0.03)
// is S(0.03).
TEST(Calibrate, WeightsDecideBetweenTargetsAndYearMeansAverageTheMonths) {
  const auto r = calibrate_builder(fmt::format(
      R"(target {{ metric: "integrations" year: 2024 aggregate: YEAR_SUM value: {} source: "exact" }}
target {{ metric: "elb_stock" year: 2024 aggregate: YEAR_MEAN value: {} weight: 100 source: "exact" }})",
      integrations(0.05), mean_stock(0.02)));
  ASSERT_FALSE(r.cancelled);
  ASSERT_EQ(r.parameters.size(), 1u);
  EXPECT_NEAR(r.parameters[0].fitted, 0.022, 0.004);
  ASSERT_EQ(r.before.size(), 2u);
  const auto& stock = r.before[1];
  EXPECT_NEAR(stock.mean, mean_stock(0.03), stock.high - stock.low) << stock.label;
}

TEST(Calibrate, BadTargetsAreRefusedWithPreciseMessages) {
  const auto s = scenario::load_text("tiny.textproto", kTiny);
  ASSERT_NE(s.scenario, nullptr);
  const auto check = [&](const std::string& text, const std::string& expected) {
    const auto t = calib::load_targets_text("t.textproto", text, "tiny.textproto", kTiny, *s.scenario);
    EXPECT_FALSE(t.targets.has_value()) << text;
    std::string all;
    for (const auto& d : t.diagnostics.items()) all += d.format() + "\n";
    EXPECT_NE(all.find(expected), std::string::npos) << "expected: " << expected << "\ngot:\n" << all;
  };
  const std::string ok_target = R"(target { metric: "integrations" year: 2024 aggregate: YEAR_SUM value: 100 source: "x" })";
  check(ok_target, "no parameter is free");
  check(R"(parameter { path: "population.segment[marktnah].job_finding_hazard" lower: 0.01 upper: 0.1 })",
        "no target");
  check(R"(parameter { path: "population.segment[marktnahh].job_finding_hazard" lower: 0.01 upper: 0.1 })" + ok_target,
        "t.textproto:1:1: error: parameter 1 (population.segment[marktnahh].job_finding_hazard): --set "
        "population.segment[marktnahh].job_finding_hazard: there is no segment with id 'marktnahh' (did you mean 'marktnah'?)");
  check(R"(parameter { path: "population.segment[marktnah].job_finding_hazard" lower: 0.1 upper: 0.01 })" + ok_target,
        "lower 0.1 must be below upper 0.01");
  check(R"(parameter { path: "population.segment[marktnah].job_finding_hazard" lower: 0.01 upper: 1.5 })" + ok_target,
        "the scenario is not valid at the bound 1.5");
  const std::string ok_param = R"(parameter { path: "population.segment[marktnah].job_finding_hazard" lower: 0.01 upper: 0.1 })";
  check(ok_param + R"(target { metric: "integrationz" year: 2024 aggregate: YEAR_SUM value: 1 })",
        "the scenario has no metric 'integrationz' (did you mean 'integrations'?)");
  check(ok_param + R"(target { metric: "integrations" segment: "refugees" year: 2024 aggregate: YEAR_SUM value: 1 })",
        "metric integrations has no segment 'refugees' (did you mean 'refugee'?)");
  check(ok_param + R"(target { metric: "integrations" year: 2031 aggregate: YEAR_SUM value: 1 })",
        "year 2031 is outside the scenario's calendar (2024..2024)");
  check(ok_param + R"(target { metric: "integrations" year: 2024 value: 1 })", "aggregate is missing");
  check(ok_param + R"(target { metric: "integrations" year: 2024 aggregate: YEAR_SUM value: 1 } bogus: 1)",
        "t.textproto:1:");
}

TEST(Calibrate, TheCommandLineRefusesBadTargetsWithExitCodeTwo) {
  const std::string tiny = (test::kSourceDir / "scenarios/tiny.textproto").string();
  const auto exit_code = [](const std::string& args) {
    const int status = std::system((std::string("'") + JCSIM_BINARY + "' calibrate " + args + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(exit_code("'" + tiny + "' --targets /nonexistent/targets.textproto"), 2);
  EXPECT_EQ(exit_code("'" + tiny + "' --targets '" + tiny + "'"), 2) << "a scenario is not a targets file";
  EXPECT_EQ(exit_code("'" + tiny + "'"), 2) << "--targets is required";
}
