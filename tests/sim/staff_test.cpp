// Phase 3, staff: leavers by monthly turnover, each position refilled after the hiring lag (arrivals only refill
// departures and start vacancies, so FTE never exceeds the positions). Known results: a vacancy at the start is
// filled after exactly one lag; with turnover h and lag L the expected FTE follows m(t) = (1 - h) m(t-1) +
// h m(t-L-1) (whoever left in month t-L arrives in month t), since leavers are a binomial draw over the whole heads
// of the month before.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "engine/run/runner.h"
#include "tests/sim/builder.h"

using namespace jcsim;

namespace {

run::RunResult simulate(const test::Params& p, int replications) {
  run::RunOptions o;
  o.replications = replications;
  o.seed = 16;
  return run::run(*test::build(p), o);
}

}  // namespace

TEST(Staff, AVacancyAtTheStartIsFilledAfterExactlyOneHiringLag) {
  test::Params p;
  p.stock = 100;
  p.positions = 12;
  p.fte = 8;
  p.hiring_lag = 3;
  const auto r = simulate(p, 20);
  const size_t fte = r.layout->team(stats::kTeamFte, 0);
  for (int t = 0; t < p.horizon; ++t) {
    const auto& m = r.summary.at(fte, t);
    EXPECT_EQ(m.mean, t < 3 ? 8 : 12) << "month " << t;
    EXPECT_EQ(m.sd, 0) << "month " << t;
  }
}

TEST(Staff, TurnoverIsRefilledAfterTheHiringLag) {
  test::Params p;
  p.stock = 100;
  p.horizon = 24;
  p.positions = 50;
  p.fte = 50;
  p.turnover = 0.1;
  p.hiring_lag = 2;
  constexpr int kReps = 400;
  const auto r = simulate(p, kReps);
  const size_t fte = r.layout->team(stats::kTeamFte, 0);
  std::vector<double> m{50};  // m[t + 1]: the expected FTE at the end of month t
  const auto at = [&m](int t) { return m[static_cast<size_t>(t + 1)]; };
  for (int t = 0; t < p.horizon; ++t)
    m.push_back((1 - p.turnover) * at(t - 1) + (t >= p.hiring_lag ? p.turnover * at(t - p.hiring_lag - 1) : 0.0));
  for (int t = 0; t < p.horizon; ++t) {
    const auto& s = r.summary.at(fte, t);
    EXPECT_NEAR(s.mean, at(t), 4 * s.sd / std::sqrt(double{kReps})) << "month " << t;
  }
}
