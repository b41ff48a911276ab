// The agent phase passes over quiet agents (a seeking ELB whose draws trigger nothing, someone gone) without the
// full steps. That must never change a result: run month by month beside the reference path, which sends every
// agent through the full steps, every agent's state and every metric stay identical.
#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "engine/sim/phases.h"
#include "engine/sim/step.h"
#include "tests/support.h"

using namespace jcsim;

namespace {

// The columns the agent phase writes or the later phases read.
void expect_same_agents(const sim::World& x, const sim::World& y, int t) {
  const auto& a = x.agents;
  const auto& b = y.agents;
  ASSERT_EQ(a.size(), b.size()) << "month " << t;
  EXPECT_EQ(a.status, b.status) << "month " << t;
  EXPECT_EQ(a.in_benefits, b.in_benefits) << "month " << t;
  EXPECT_EQ(a.instrument, b.instrument) << "month " << t;
  EXPECT_EQ(a.chain, b.chain) << "month " << t;
  EXPECT_EQ(a.stage, b.stage) << "month " << t;
  EXPECT_EQ(a.waiting_since, b.waiting_since) << "month " << t;
  EXPECT_EQ(a.queued_since, b.queued_since) << "month " << t;
  EXPECT_EQ(a.months_in, b.months_in) << "month " << t;
  EXPECT_EQ(a.language, b.language) << "month " << t;
  EXPECT_EQ(a.post_instrument, b.post_instrument) << "month " << t;
  EXPECT_EQ(a.return_at, b.return_at) << "month " << t;
  EXPECT_EQ(a.history, b.history) << "month " << t;
}

void expect_quiet_agents_change_nothing(const char* name, uint64_t seed) {
  const auto loaded = scenario::load_file((test::kSourceDir / "scenarios" / name).string());
  ASSERT_NE(loaded.scenario, nullptr);
  const auto& s = *loaded.scenario;
  const stats::Layout layout(s);
  sim::RunConfig exact;
  exact.seed = seed;
  exact.parallel_agents = false;
  exact.every_agent_exact = true;
  sim::RunConfig filtered = exact;
  filtered.every_agent_exact = false;
  for (uint32_t rep = 0; rep < 2; ++rep) {
    sim::World x(s, layout, rep, exact), y(s, layout, rep, filtered);
    sim::populate(x);
    sim::populate(y);
    for (x.t = y.t = 0; x.t < s.horizon; ++x.t, ++y.t) {
      sim::step(x);
      sim::step(y);
      expect_same_agents(x, y, x.t);
      ASSERT_FALSE(::testing::Test::HasFailure()) << name << ", replication " << rep;
    }
    sim::finish(x);
    sim::finish(y);
    EXPECT_EQ(x.values.data, y.values.data) << name << ", replication " << rep;
  }
}

}  // namespace

TEST(AgentPhase, QuietAgentsChangeNothingTiny) { expect_quiet_agents_change_nothing("tiny.textproto", 7); }
TEST(AgentPhase, QuietAgentsChangeNothingEn2023) { expect_quiet_agents_change_nothing("en2023.textproto", 8); }
TEST(AgentPhase, QuietAgentsChangeNothingEn2024) { expect_quiet_agents_change_nothing("en2024.textproto", 9); }
TEST(AgentPhase, QuietAgentsChangeNothingEn2025) { expect_quiet_agents_change_nothing("en2025.textproto", 10); }
