// Measure catalogues: a Förderkette stage that names a CATALOGUE line offers the line's projects in the order
// written (targeted projects first); each project keeps its own places and contract period; a person eligible
// for none of them skips the stage; the line reports the sum of its projects.
#include <algorithm>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "engine/sim/phases.h"
#include "engine/sim/step.h"
#include "tests/sim/builder.h"

using namespace jcsim;

namespace {

// The builder's instrument "a" becomes a catalogue line; `projects` are appended.
std::shared_ptr<const model::Scenario> catalogue(const std::string& projects) {
  test::Params p;
  p.stock = 100;
  p.job = 0;
  p.exit = 0;
  p.participation = 1;
  std::string text = test::scenario_text(p);
  const std::string from = "instrument { id: \"a\"", to = "instrument { id: \"b\"";
  const size_t begin = text.find(from), end = text.find(to);
  text.replace(begin, end - begin,
               "instrument { id: \"a\" name: \"Aktivierung §45\" group: ACTIVATION budget_title: \"egt\" "
               "capacity { unit: CATALOGUE } }\n");
  text += projects;
  return test::build_text(text);
}

std::string project(const std::string& id, int places, const std::string& more) {
  return "instrument { id: \"" + id + "\" name: \"" + id + "\" group: ACTIVATION budget_title: \"egt\" part_of: \"a\" " +
         "capacity { unit: PLACES amount { value: " + std::to_string(places) + " } } " +
         "duration { min_months { value: 12 } max_months { value: 12 } } cost_per_month { value: 100 } " +
         "lock_in { value: 1 } " + more + " }\n";
}

int index_of(const model::Scenario& s, const std::string& id) {
  for (size_t k = 0; k < s.instruments.size(); ++k)
    if (s.instruments[k].id == id) return static_cast<int>(k);
  return -1;
}

}  // namespace

TEST(Catalogue, ProjectsFillInTheOrderWrittenWithinTheirOwnPlacesAndPeriods) {
  const auto s = catalogue(project("frauen", 10, "eligible { sex: FEMALE }") + project("allgemein", 15, "") +
                           project("ab_april", 5, "available_from: \"2024-04\""));
  const stats::Layout layout(*s);
  sim::World w(*s, layout, 0, sim::RunConfig{});
  sim::populate(w);
  const int line = index_of(*s, "a"), frauen = index_of(*s, "frauen"), allgemein = index_of(*s, "allgemein"),
            april = index_of(*s, "ab_april");
  int women = 0;
  for (size_t i = 0; i < w.agents.size(); ++i) women += w.agents.sex[i] == static_cast<uint8_t>(model::Sex::kFemale);
  ASSERT_GT(women, 10) << "the test needs more women than the women's project has places";
  for (w.t = 0; w.t < 6; ++w.t) {
    sim::step(w);
    const auto at = [&](stats::InstrumentMetric m, int k) { return w.values.at(layout.instrument(m, k), w.t); };
    EXPECT_EQ(w.instruments[static_cast<size_t>(frauen)].occupied, 10) << "month " << w.t;
    EXPECT_EQ(w.instruments[static_cast<size_t>(allgemein)].occupied, 15) << "month " << w.t;
    EXPECT_EQ(w.instruments[static_cast<size_t>(april)].occupied, w.t >= 3 ? 5 : 0) << "not before its contract";
    for (size_t i = 0; i < w.agents.size(); ++i) {
      if (w.agents.instrument[i] == frauen) {
        EXPECT_EQ(w.agents.sex[i], static_cast<uint8_t>(model::Sex::kFemale)) << "only its target group";
      }
    }
    for (const auto m : {stats::kInsParticipants, stats::kInsEntries, stats::kInsSpend})
      EXPECT_EQ(at(m, line), at(m, frauen) + at(m, allgemein) + at(m, april)) << "the line is its projects' sum";
    EXPECT_EQ(at(stats::kInsWaiting, line), 100 - at(stats::kInsParticipants, line)) << "everyone else waits";
    EXPECT_EQ(at(stats::kInsSpend, line), 100.0 * at(stats::kInsParticipants, line));
  }
  // The order written is the order offered: every woman in the general project came after (in queue order)
  // every woman placed in the women's project, which was full when her turn came.
  uint64_t last_in_frauen = 0, first_in_general = UINT64_MAX;
  for (size_t i = 0; i < w.agents.size(); ++i) {
    if (w.agents.sex[i] != static_cast<uint8_t>(model::Sex::kFemale)) continue;
    const uint64_t key = uint64_t{w.agents.priority[i]} << 32 | (w.agents.id[i] & 0xFFFFFFFFu);
    if (w.agents.instrument[i] == frauen) last_in_frauen = std::max(last_in_frauen, key);
    if (w.agents.instrument[i] == allgemein) first_in_general = std::min(first_in_general, key);
  }
  EXPECT_LT(last_in_frauen, first_in_general);
}

TEST(Catalogue, PeopleEligibleForNoProjectSkipTheStage) {
  const auto s = catalogue(project("frauen", 200, "eligible { sex: FEMALE }"));
  const stats::Layout layout(*s);
  sim::World w(*s, layout, 0, sim::RunConfig{});
  sim::populate(w);
  const int frauen = index_of(*s, "frauen"), b = index_of(*s, "b");
  w.t = 0;
  sim::step(w);
  int men = 0;
  for (size_t i = 0; i < w.agents.size(); ++i) {
    if (w.agents.sex[i] == static_cast<uint8_t>(model::Sex::kMale)) {
      ++men;
      EXPECT_EQ(w.agents.instrument[i], b) << "a man skips the catalogue stage to the next one";
    } else {
      EXPECT_EQ(w.agents.instrument[i], frauen);
    }
  }
  EXPECT_GT(men, 0);
  EXPECT_EQ(w.values.at(layout.instrument(stats::kInsWaiting, index_of(*s, "a")), 0), 0) << "nobody waits";
}

// With every project full, a person eligible for one of them waits for it, and a person eligible for none still
// skips the stage (the assignment phase stops testing projects once it knows no place is free).
TEST(Catalogue, WhenEveryProjectIsFullTheEligibleWaitAndTheOthersSkip) {
  const auto s = catalogue(project("frauen", 5, "eligible { sex: FEMALE }") +
                           project("frauen_2", 3, "eligible { sex: FEMALE }"));
  const stats::Layout layout(*s);
  sim::World w(*s, layout, 0, sim::RunConfig{});
  sim::populate(w);
  const int line = index_of(*s, "a"), b = index_of(*s, "b");
  int women = 0, men = 0;
  for (size_t i = 0; i < w.agents.size(); ++i)
    (w.agents.sex[i] == static_cast<uint8_t>(model::Sex::kFemale) ? women : men) += 1;
  ASSERT_GT(women, 8) << "the test needs more women than both projects have places";
  ASSERT_GT(men, 0);
  for (w.t = 0; w.t < 3; ++w.t) {
    sim::step(w);
    if (w.t == 0) {  // (later they move on from b)
      int men_in_b = 0;
      for (size_t i = 0; i < w.agents.size(); ++i)
        if (w.agents.sex[i] == static_cast<uint8_t>(model::Sex::kMale) && w.agents.instrument[i] == b) ++men_in_b;
      EXPECT_EQ(men_in_b, men) << "men skip the full line to the next stage";
    }
    const double in_line = w.values.at(layout.instrument(stats::kInsParticipants, line), w.t);
    EXPECT_LE(in_line, 8);
    EXPECT_EQ(w.values.at(layout.instrument(stats::kInsWaiting, line), w.t), women - in_line)
        << "month " << w.t << ": the other women wait";
  }
}
