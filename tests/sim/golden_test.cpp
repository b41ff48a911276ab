// The golden test: a fixed seed pins the results of the shipped scenarios to the byte. A change that moves any
// number in summary.csv fails here; if the change is intended, update the hashes in the same commit and say why
// (the failure message prints the new ones).
#include <cstdint>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/out/summary_csv.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "tests/sim/builder.h"
#include "tests/support.h"

using namespace jcsim;

namespace {

// FNV-1a, 64 bit: a stable hash of the CSV bytes.
uint64_t fnv1a(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string summary_hash(const char* scenario, int reps) {
  const auto s = test::shipped(scenario);
  run::RunOptions o;
  o.replications = reps;
  o.seed = 424242;
  const auto result = run::run(*s, o);
  return fmt::format("{:016x}", fnv1a(out::summary_csv(*s, *result.layout, result.summary)));
}

}  // namespace

TEST(Golden, TinySummaryIsPinned) {
  EXPECT_EQ(summary_hash("tiny.textproto", 8), "066f8027596e53e2");
}
TEST(Golden, En2024SummaryIsPinned) {
  EXPECT_EQ(summary_hash("en2024.textproto", 4), "af883176250312da");
}
