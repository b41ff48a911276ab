// New people: the vector path of World::draw_people gives every column World::draw_person gives, for the
// initial stock and a year of arrivals of every shipped scenario and of histograms with many bins.
#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "engine/util/cpu.h"
#include "tests/sim/builder.h"
#include "tests/sim/paths.h"
#include "tests/support.h"

using namespace jcsim;

namespace {

// Every column a new person gets, month by month (arrivals included), the same on both paths.
void expect_same_people(const model::Scenario& s, const char* name) {
  test::on_both_paths(s, 17, name, [name](const sim::World& x, const sim::World& y, int t) {
    const auto& a = x.agents;
    const auto& b = y.agents;
    EXPECT_EQ(a.segment, b.segment) << name << ", month " << t;
    EXPECT_EQ(a.age_years, b.age_years) << name << ", month " << t;
    EXPECT_EQ(a.birth_month, b.birth_month) << name << ", month " << t;
    EXPECT_EQ(a.sex, b.sex) << name << ", month " << t;
    EXPECT_EQ(a.household, b.household) << name << ", month " << t;
    EXPECT_EQ(a.migration, b.migration) << name << ", month " << t;
    EXPECT_EQ(a.language, b.language) << name << ", month " << t;
    EXPECT_EQ(a.qualification, b.qualification) << name << ", month " << t;
    EXPECT_EQ(a.health, b.health) << name << ", month " << t;
    EXPECT_EQ(a.distance, b.distance) << name << ", month " << t;
    EXPECT_EQ(a.profile_bits, b.profile_bits) << name << ", month " << t;
    test::expect_same_history(a, b, name, t);
    EXPECT_EQ(a.priority, b.priority) << name << ", month " << t;
  });
}

}  // namespace

TEST(Newcomers, VectorAndPortablePathsDrawTheSamePeople) {
  if (!cpu_has_avx2()) GTEST_SKIP() << "no AVX2 on this processor";
  for (const char* name : {"tiny.textproto", "en2023.textproto", "en2024.textproto", "en2025.textproto"}) {
    expect_same_people(*test::shipped(name), name);
  }
  // Histograms of many bins (a gather over more than eight), shares that leave a fallback, 13 arrivals a month
  // (chunks that end in the portable tail).
  std::string text = test::scenario_text([] {
    test::Params p;
    p.stock = 1001;
    p.inflow = 13;
    return p;
  }());
  const auto replace = [&text](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("benefit_months_24 { bin { from: 0 to: 24 share: 1 } }",
          "benefit_months_24 { bin { from: 0 to: 1 share: 0.1 } bin { from: 2 to: 3 share: 0.1 } "
          "bin { from: 4 to: 5 share: 0.1 } bin { from: 6 to: 7 share: 0.1 } bin { from: 8 to: 9 share: 0.1 } "
          "bin { from: 10 to: 11 share: 0.1 } bin { from: 12 to: 13 share: 0.1 } bin { from: 14 to: 17 share: 0.1 } "
          "bin { from: 18 to: 20 share: 0.1 } bin { from: 21 to: 24 share: 0.1 } }");
  replace("age { u25: 0 a25_54: 1 a55_57: 0 a58_plus: 0 }", "age { u25: 0.3 a25_54: 0.3 a55_57: 0.2 a58_plus: 0.2 }");
  replace("language { none: 0 a1: 0 a2: 0 b1: 0 b2_plus: 1 }",
          "language { none: 0.1 a1: 0.2 a2: 0.3 b1: 0.1 b2_plus: 0.2999999 }");
  expect_same_people(*test::build_text(text), "many bins");
}
