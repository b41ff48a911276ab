// The real scenarios of Jobcenter EN tell what the documents say: en2023 (the calibration year) reproduces the
// observed 2023 figures, en2024 the §16i cohort reaching its maximum, en2025 moves FbW and rehabilitation money
// to the Agentur für Arbeit while the placements go on.
#include <cmath>
#include <cstdlib>
#include <numeric>

#include <gtest/gtest.h>

#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "tests/sim/builder.h"
#include "tests/support.h"

using namespace jcsim;

namespace {

struct Scenario {
  std::shared_ptr<const model::Scenario> s;
  run::RunResult r;
  size_t series(const std::string& metric, const std::string& segment) const {
    for (size_t k = 0; k < r.layout->series_count(); ++k)
      if (r.layout->name(k).metric == metric && r.layout->name(k).segment == segment) return k;
    ADD_FAILURE() << "no series " << metric << "/" << segment;
    return 0;
  }
  double year_sum(const std::string& metric, const std::string& segment, int year) const {
    const auto v = run::year_sum(r, *s, series(metric, segment), year);
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  }
  double year_end(const std::string& metric, const std::string& segment, int year) const {
    const auto v = run::year_end(r, *s, series(metric, segment), year);
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  }
};

Scenario simulate(const char* file, int reps) {
  Scenario out;
  out.s = test::shipped(file);
  run::RunOptions o;
  o.replications = reps;
  o.seed = 4242;  // not the seed the calibration used
  out.r = run::run(*out.s, o);
  return out;
}

}  // namespace

TEST(EnScenarios, En2023ReproducesTheObservedFigures) {
  const auto x = simulate("en2023.textproto", 200);
  EXPECT_NEAR(x.year_sum("integrations", "all", 2023), 3000, 0.03 * 3000) << "004 2.2: ≈3,000 integrations in 2023";
  EXPECT_NEAR(x.year_end("p16i_stock", "all", 2023), 150, 0.05 * 150) << "004 ch. 6: ≈150 in §16i";
}

TEST(EnScenarios, En2024SendsTheSixteenICohortAtItsMaximum) {
  const auto x = simulate("en2024.textproto", 200);
  EXPECT_NEAR(x.year_sum("p16i_exits_max_duration", "all", 2024), 74, 4) << "74 reach the 5-year maximum in 2024";
  // Spend stays within every title's money.
  for (size_t k = 0; k < x.s->budget_titles.size(); ++k) {
    const auto& title = x.s->budget_titles[k];
    if (!title.limited()) continue;
    const auto* y = title.year(2024);
    ASSERT_NE(y, nullptr);
    EXPECT_LE(x.year_sum("spend", "title/" + title.id, 2024), y->available() * (1 + title.overdraft_share) + 0.01)
        << title.id;
  }
}

TEST(EnScenarios, En2025PaysFbwAndRehabilitationFromTheAgenturButKeepsPlacing) {
  const auto x = simulate("en2025.textproto", 30);
  EXPECT_EQ(x.year_sum("spend", "title/agentur", 2024), 0.0) << "the transfer starts in 2025";
  const double agentur = x.year_sum("spend", "title/agentur", 2025);
  double moved = 0;
  for (const char* ins : {"fbw_umschulung", "fbw_fortbildung", "weiterbildungsgeld", "reha_pflicht"})
    moved += x.year_sum("spend", std::string("instrument/") + ins, 2025);
  EXPECT_GT(agentur, 100000);
  EXPECT_NEAR(agentur, moved, 1e-6 * moved) << "every euro of the moved instruments in 2025, and nothing else";
  EXPECT_GT(x.year_sum("entries", "instrument/fbw_fortbildung", 2025), 0) << "placement stays with the Jobcenter";
  const auto* egt = [&]() -> const model::BudgetTitle* {
    for (const auto& t : x.s->budget_titles)
      if (t.id == "egt") return &t;
    return nullptr;
  }();
  ASSERT_NE(egt, nullptr);
  EXPECT_LT(egt->year(2025)->available(), egt->year(2024)->available()) << "the money leaves the EGT";
}

TEST(EnScenarios, DerivedScenariosAreInSyncWithEn2024) {
  const std::string cmd = "python3 '" + (test::kSourceDir / "scenarios/derive/derive.py").string() + "' --check";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "run python3 scenarios/derive/derive.py";
}
