// The vector code and the portable code give the same world: a scenario stepped on both side by side.
#pragma once

#include <gtest/gtest.h>

#include "engine/sim/phases.h"
#include "engine/sim/step.h"

namespace jcsim::test {

// The benefit-history columns of two worlds' agents: new people start with them, accounting books them monthly.
inline void expect_same_history(const sim::Agents& a, const sim::Agents& b, const char* name, int t) {
  EXPECT_EQ(a.history, b.history) << name << ", month " << t;
  EXPECT_EQ(a.history_mid, b.history_mid) << name << ", month " << t;
  EXPECT_EQ(a.history_old, b.history_old) << name << ", month " << t;
  EXPECT_EQ(a.bm24, b.bm24) << name << ", month " << t;
  EXPECT_EQ(a.bm84, b.bm84) << name << ", month " << t;
  EXPECT_EQ(a.unemployed_months, b.unemployed_months) << name << ", month " << t;
}

// Steps a world of `s` with the vector paths and one with the portable paths (RunConfig::vector_paths) month by
// month, calls check(x, y, t) after each month (x: vector, y: portable) and stops at the first failure; then
// compares every metric.
template <typename Check>
void on_both_paths(const model::Scenario& s, uint64_t seed, const char* name, Check&& check) {
  const stats::Layout layout(s);
  sim::RunConfig vector;
  vector.seed = seed;
  vector.parallel_agents = false;
  sim::RunConfig portable = vector;
  portable.vector_paths = false;
  sim::World x(s, layout, 0, vector), y(s, layout, 0, portable);
  sim::populate(x);
  sim::populate(y);
  for (x.t = y.t = 0; x.t < s.horizon; ++x.t, ++y.t) {
    sim::step(x);
    sim::step(y);
    ASSERT_EQ(x.agents.size(), y.agents.size()) << name << ", month " << x.t;
    check(x, y, x.t);
    ASSERT_FALSE(::testing::Test::HasFailure()) << name << ", month " << x.t;
  }
  sim::finish(x);
  sim::finish(y);
  EXPECT_EQ(x.values.data, y.values.data) << name;
}

}  // namespace jcsim::test
