// A run stopped by SIGINT or SIGTERM exits 130 / 143, writes nothing, and leaves earlier results intact.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support.h"

namespace fs = std::filesystem;

extern char** environ;

namespace {

// Starts `jcsim run` on EN 2024 with far more replications than it can finish, signals it, and returns its status.
int run_and_signal(const fs::path& out, int sig) {
  const std::string bin = JCSIM_BINARY;
  const std::string scenario = (jcsim::test::kSourceDir / "scenarios/en2024.textproto").string();
  const std::string out_dir = out.string();
  const char* argv[] = {bin.c_str(), "run", scenario.c_str(), "--reps", "100000", "--out", out_dir.c_str(),
                       "--quiet", nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, bin.c_str(), nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return -1;
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // well into the run (loading takes ~10 ms)
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

// The files of a directory and their bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files[e.path().filename().string()] = jcsim::test::read_file(e.path());
  return files;
}

void check(int sig, int expected_code) {
  const fs::path out = fs::temp_directory_path() / ("jcsim-interrupt-" + std::to_string(getpid()) + "-" + std::to_string(sig));
  fs::remove_all(out);
  // An earlier, complete run: every output, the SQLite store included.
  const std::string earlier = std::string(JCSIM_BINARY) + " run '" +
                              (jcsim::test::kSourceDir / "scenarios/tiny.textproto").string() + "' --reps 3 --out '" +
                              out.string() + "' --quiet";
  ASSERT_EQ(std::system(earlier.c_str()), 0);
  const auto before = snapshot(out);
  ASSERT_EQ(before.count("results.sqlite"), 1u);
  const int status = run_and_signal(out, sig);
  ASSERT_TRUE(WIFEXITED(status)) << "stopped cleanly, not killed by the signal";
  EXPECT_EQ(WEXITSTATUS(status), expected_code);
  EXPECT_EQ(snapshot(out), before) << "the earlier results, store included, are untouched; nothing partial is left";
  fs::remove_all(out);
}

}  // namespace

TEST(Interrupt, SigintExits130AndKeepsEarlierResults) { check(SIGINT, 130); }
TEST(Interrupt, SigtermExits143AndKeepsEarlierResults) { check(SIGTERM, 143); }
