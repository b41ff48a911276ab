// The agent phase passes over quiet agents (a seeking ELB whose draws trigger nothing, someone gone) without the
// full steps. That must never change a result: run month by month beside the reference path, which sends every
// agent through the full steps, every agent's state and every metric stay identical.
#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "engine/sim/phases.h"
#include "engine/sim/quiet.h"
#include "engine/sim/random_batch.h"
#include "engine/sim/step.h"
#include "tests/sim/builder.h"
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
  EXPECT_EQ(a.history_mid, b.history_mid) << "month " << t;
  EXPECT_EQ(a.history_old, b.history_old) << "month " << t;
  EXPECT_EQ(a.pair_words, b.pair_words) << "month " << t;
}

void expect_quiet_agents_change_nothing(const model::Scenario& s, const char* name, uint64_t seed) {
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

void expect_quiet_agents_change_nothing(const char* name, uint64_t seed) {
  const auto s = test::shipped(name);
  ASSERT_NE(s, nullptr);
  expect_quiet_agents_change_nothing(*s, name, seed);
}

// A world at the start of month `t` (the months before it simulated), as the agent phase finds it.
std::unique_ptr<sim::World> world_at(const model::Scenario& s, const stats::Layout& layout, int t) {
  sim::RunConfig config;
  config.seed = 5;
  config.parallel_agents = false;
  auto w = std::make_unique<sim::World>(s, layout, 0, config);
  sim::populate(*w);
  for (w->t = 0; w->t < t; ++w->t) sim::step(*w);
  sim::calendar_phase(*w);
  sim::budget_year_phase(*w);
  sim::staff_phase(*w);
  sim::inflow_phase(*w);
  return w;
}

// The positions busy_agents picks in each chunk of 256 agents, from the vector path where the processor has
// it (busy_agents) or the portable one: per chunk, the full list, then the plan list behind a marker.
std::vector<std::vector<uint16_t>> busy_by_chunk(sim::World& w, bool portable) {
  const sim::QuietTest q(w);
  std::vector<std::vector<uint16_t>> out;
  constexpr size_t kChunk = sim::BusyAgents::kChunk;
  constexpr uint16_t kMarker = 0xFFFF;
  sim::BusyAgents busy;
  for (size_t c = 0; c < w.agents.size(); c += kChunk) {
    const size_t m = std::min(kChunk, w.agents.size() - c);
    if (w.t % 2 == 0) sim::make_pair_words(w, c, m);
    if (portable)
      sim::busy_agents_portable(w, q, c, m, busy);
    else
      sim::busy_agents(w, q, c, m, busy);
    std::vector<uint16_t> chunk(busy.full.begin(), busy.full.begin() + static_cast<std::ptrdiff_t>(busy.n_full));
    chunk.push_back(kMarker);
    chunk.insert(chunk.end(), busy.plan.begin(), busy.plan.begin() + static_cast<std::ptrdiff_t>(busy.n_plan));
    out.push_back(std::move(chunk));
  }
  return out;
}

// The busy agents, both lists (without the markers).
size_t total(const std::vector<std::vector<uint16_t>>& chunks) {
  size_t n = 0;
  for (const auto& c : chunks) n += c.size() - 1;
  return n;
}

}  // namespace

TEST(AgentPhase, QuietAgentsChangeNothingTiny) { expect_quiet_agents_change_nothing("tiny.textproto", 7); }
TEST(AgentPhase, QuietAgentsChangeNothingEn2023) { expect_quiet_agents_change_nothing("en2023.textproto", 8); }
TEST(AgentPhase, QuietAgentsChangeNothingEn2024) { expect_quiet_agents_change_nothing("en2024.textproto", 9); }
TEST(AgentPhase, QuietAgentsChangeNothingEn2025) { expect_quiet_agents_change_nothing("en2025.textproto", 10); }

// The AVX2 path and the portable one compute the same floats in the same order: the same agents, chunk by chunk
// (the last chunk of EN 2024 is partial, so the portable tail of the vector path runs too). Ten teams make the
// contact factors a table the vector path gathers from; the shipped scenarios' fit one register.
TEST(AgentPhase, VectorAndPortableQuietTestsPickTheSameAgents) {
  if (!sim::busy_agents_vectorised()) GTEST_SKIP() << "no AVX2 on this processor";
  test::Params ten;
  ten.stock = 1500;
  ten.participation = 0.3;
  ten.extra = test::nine_more_teams(false);
  const auto ten_teams = test::build(ten);
  for (const char* name : {"tiny.textproto", "en2024.textproto", "ten teams"}) {
    const auto s = std::string(name) == "ten teams" ? ten_teams : test::shipped(name);
    ASSERT_NE(s, nullptr);
    const stats::Layout layout(*s);
    for (const int t : {0, 5, 6}) {
      const auto w = world_at(*s, layout, t);
      const auto vector = busy_by_chunk(*w, false), portable = busy_by_chunk(*w, true);
      EXPECT_EQ(vector, portable) << name << ", month " << t;
      // Neither everyone nor no one: the comparison means something.
      EXPECT_GT(total(vector), 0u) << name;
      EXPECT_LT(total(vector), w->agents.size()) << name;
    }
  }
}

// A hazard factor below 2^-30 is outside what the single-precision test is proven for: every draw then goes to
// the full steps, and results stay those of the reference path.
TEST(AgentPhase, AFactorOutOfFloatRangeSendsEveryDrawToTheFullSteps) {
  test::Params p;
  p.stock = 600;
  p.participation = 0.5;
  const auto normal = test::build(p);
  p.job = 1e-12;
  const auto tiny = test::build(p);
  const stats::Layout layout(*tiny);
  const auto w_normal = world_at(*normal, layout, 2), w_tiny = world_at(*tiny, layout, 2);
  EXPECT_TRUE(sim::QuietTest(*w_normal).hazards_in_range);
  EXPECT_FALSE(sim::QuietTest(*w_tiny).hazards_in_range);
  // Everyone not idle (gone, new this month, or working outside benefits) is busy.
  const auto& a = w_tiny->agents;
  size_t active = 0;
  for (size_t i = 0; i < a.size(); ++i)
    active += a.status[i] != static_cast<uint8_t>(sim::Status::kGone) && a.entered_at[i] != w_tiny->t &&
              (a.status[i] != static_cast<uint8_t>(sim::Status::kEmployed) || a.in_benefits[i]);
  EXPECT_EQ(total(busy_by_chunk(*w_tiny, true)), active);
  EXPECT_EQ(total(busy_by_chunk(*w_tiny, false)), active);
  // With factors in range, most are quiet.
  EXPECT_LT(total(busy_by_chunk(*w_normal, false)) * 2, w_normal->agents.size());
  expect_quiet_agents_change_nothing(*tiny, "job hazard 1e-12", 11);
}
