// Limits instead of exhausted memory or time: each is checked before anything is allocated, is configurable by a
// flag, and its message says what to change.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/support.h"

namespace fs = std::filesystem;

namespace {

using jcsim::test::run_jcsim;

using jcsim::test::kEn2024;

}  // namespace

TEST(Limits, ReplicationsAboveTheLimit) {
  const auto o = run_jcsim("run '" + kEn2024 + "' --reps 50 --max-reps 40 --quiet");
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("50 replications exceed the limit of 40; lower --reps or raise --max-reps"), std::string::npos)
      << o.err;
}

TEST(Limits, HorizonAboveTheLimit) {
  const auto o = run_jcsim("run '" + kEn2024 + "' --reps 2 --max-horizon 6 --quiet");
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("the horizon of 12 months exceeds the limit of 6"), std::string::npos) << o.err;
}

TEST(Limits, MemoryAboveTheLimit) {
  const auto o = run_jcsim("run '" + kEn2024 + "' --reps 20 --max-memory-mb 1 --quiet");
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("more than the limit of 1 MiB; lower --reps or the horizon, or raise --max-memory-mb"),
            std::string::npos)
      << o.err;
  const auto c = run_jcsim("compare '" + kEn2024 + "' '" + kEn2024 + "' --reps 20 --max-memory-mb 1 --quiet");
  EXPECT_EQ(c.code, 2);
}

// A 100 MB file is refused by its size, before it is read.
TEST(Limits, AHundredMegabyteFileIsRefusedUnread) {
  const fs::path big = fs::temp_directory_path() / ("jcsim-big-" + std::to_string(::getpid()) + ".textproto");
  {
    std::ofstream out(big, std::ios::binary);
    const std::string line = "name: \"x\"  # padding padding padding padding padding padding padding padding\n";
    for (size_t written = 0; written < (100u << 20); written += line.size()) out << line;
  }
  const auto o = run_jcsim("validate '" + big.string() + "'");
  fs::remove(big);
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("more than the limit of 16777216 bytes"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("raise the limit with --max-file-bytes"), std::string::npos);
}
