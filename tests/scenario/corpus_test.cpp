// The bad-input corpus: every file under tests/data/invalid/ must be rejected with exactly the messages in its
// .expected file; every file under tests/data/warning/ loads with exactly its warnings. Add a case by adding a
// pair of files.
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/scenario/load.h"
#include "tests/support.h"

namespace fs = std::filesystem;

namespace {

using jcsim::test::kSourceDir;
using jcsim::test::read_file;

std::vector<fs::path> corpus(const char* folder) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kSourceDir / "tests/data" / folder))
    if (e.path().extension() == ".textproto") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string formatted(const jcsim::Diagnostics& d) {
  std::string out;
  for (const auto& item : d.items()) out += item.format() + "\n";
  return out;
}

// The name diagnostics use: the path relative to the source tree, as `jcsim validate` is run from there.
std::string display_name(const fs::path& p) {
  return fs::relative(p, kSourceDir).string();
}

}  // namespace

TEST(Corpus, HasAtLeastFortyInvalidFiles) { EXPECT_GE(corpus("invalid").size(), 40u); }

TEST(Corpus, EveryInvalidFileIsRejectedWithItsExpectedMessages) {
  for (const auto& file : corpus("invalid")) {
    SCOPED_TRACE(file.filename().string());
    const auto result = jcsim::scenario::load_text(display_name(file), read_file(file));
    EXPECT_EQ(result.scenario, nullptr);
    EXPECT_TRUE(result.diagnostics.has_errors());
    auto expected = file;
    expected.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected)) << "missing " << expected;
    EXPECT_EQ(formatted(result.diagnostics), read_file(expected));
    for (const auto& d : result.diagnostics.items()) EXPECT_GT(d.pos.line, 0) << "every message is located";
  }
}

TEST(Corpus, EveryWarningFileLoadsWithItsExpectedWarnings) {
  for (const auto& file : corpus("warning")) {
    SCOPED_TRACE(file.filename().string());
    const auto result = jcsim::scenario::load_text(display_name(file), read_file(file));
    EXPECT_NE(result.scenario, nullptr);
    EXPECT_EQ(result.diagnostics.error_count(), 0);
    EXPECT_GT(result.diagnostics.warning_count(), 0);
    auto expected = file;
    expected.replace_extension(".expected");
    EXPECT_EQ(formatted(result.diagnostics), read_file(expected));
  }
}

TEST(Corpus, StrictTurnsWarningsIntoErrors) {
  for (const auto& file : corpus("warning")) {
    jcsim::scenario::LoadOptions strict;
    strict.strict = true;
    const auto result = jcsim::scenario::load_text(display_name(file), read_file(file), strict);
    EXPECT_EQ(result.scenario, nullptr) << file;
    EXPECT_EQ(result.diagnostics.warning_count(), 0);
  }
}

// The command line: exit code 2 and a message on stderr for every bad file, never a signal.
TEST(Corpus, ValidateExitsTwoAndNeverCrashes) {
  for (const auto& file : corpus("invalid")) {
    const std::string cmd = std::string("cd '") + kSourceDir.string() + "' && '" + JCSIM_BINARY + "' validate '" +
                            display_name(file) + "' >/dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(status)) << file;
    EXPECT_EQ(WEXITSTATUS(status), 2) << file;
  }
}

TEST(Corpus, ValidateExitsZeroForWarningsAndTwoWhenStrict) {
  const auto file = corpus("warning").front();
  const std::string base = std::string("cd '") + kSourceDir.string() + "' && '" + JCSIM_BINARY + "' validate ";
  int status = std::system((base + "'" + display_name(file) + "' >/dev/null 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(status), 0);
  status = std::system((base + "--strict '" + display_name(file) + "' >/dev/null 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

TEST(Corpus, MissingFileAndUsageErrorsExitTwo) {
  const std::string bin = JCSIM_BINARY;
  EXPECT_EQ(WEXITSTATUS(std::system((bin + " validate /nonexistent.textproto >/dev/null 2>&1").c_str())), 2);
  EXPECT_EQ(WEXITSTATUS(std::system((bin + " validate >/dev/null 2>&1").c_str())), 2);
  EXPECT_EQ(WEXITSTATUS(std::system((bin + " frobnicate >/dev/null 2>&1").c_str())), 2);
  const std::string tiny = (kSourceDir / "scenarios/tiny.textproto").string();
  EXPECT_EQ(WEXITSTATUS(std::system((bin + " run '" + tiny + "' --format csv,pdf --quiet >/dev/null 2>&1").c_str())), 2);
}

// A byte order mark (UTF-8 as Windows editors save it) is not part of the scenario: the file loads as without it,
// and an error on line 1 is located as the editor shows it.
TEST(Corpus, AByteOrderMarkIsSkipped) {
  const std::string tiny = read_file(kSourceDir / "scenarios/tiny.textproto");
  const auto with_bom = jcsim::scenario::load_text("tiny.textproto", "\xEF\xBB\xBF" + tiny);
  ASSERT_NE(with_bom.scenario, nullptr) << formatted(with_bom.diagnostics);
  EXPECT_EQ(with_bom.text, tiny);
  const auto bad = jcsim::scenario::load_text("bad.textproto",
                                              "\xEF\xBB\xBF"
                                              "bogus_field: 1\n");
  ASSERT_FALSE(bad.diagnostics.items().empty());
  EXPECT_EQ(bad.diagnostics.items()[0].format().rfind("bad.textproto:1:1: error: ", 0), 0u)
      << formatted(bad.diagnostics);
}

// A directory given as the scenario is named as such (it opens as a stream, with a nonsense size).
TEST(Corpus, ADirectoryIsNotAScenario) {
  const auto result = jcsim::scenario::load_file((kSourceDir / "scenarios").string());
  EXPECT_EQ(result.scenario, nullptr);
  ASSERT_EQ(result.diagnostics.items().size(), 1u);
  EXPECT_EQ(result.diagnostics.items()[0].message,
            "this is a directory, not a scenario file (give the .textproto file in it)");
  const std::string bin = JCSIM_BINARY;
  EXPECT_EQ(WEXITSTATUS(std::system(
                (bin + " validate '" + (kSourceDir / "scenarios").string() + "' >/dev/null 2>&1").c_str())),
            2);
}

// A pipe has no size to read first (`jcsim validate /dev/stdin`, `jcsim run <(...)`): it is read to its end, and
// no further than the limit.
TEST(Corpus, AScenarioCanComeThroughAPipe) {
  const std::string bin = JCSIM_BINARY;
  const std::string tiny = "'" + (kSourceDir / "scenarios/tiny.textproto").string() + "'";
  EXPECT_EQ(
      WEXITSTATUS(std::system(("cat " + tiny + " | " + bin + " validate /dev/stdin >/dev/null 2>&1").c_str())), 0);
  const std::string err = jcsim::test::capture("cat " + tiny + " | " + bin +
                                               " validate --max-file-bytes 64 /dev/stdin 2>&1 >/dev/null");
  EXPECT_NE(err.find("/dev/stdin: error: the file has at least "), std::string::npos) << err;
  EXPECT_NE(err.find("more than the limit of 64 bytes"), std::string::npos) << err;
}

TEST(Corpus, FileLargerThanTheLimitIsRefusedUnread) {
  jcsim::scenario::LoadOptions small;
  small.max_file_bytes = 64;
  const auto result =
      jcsim::scenario::load_file((kSourceDir / "tests/data/valid/minimal.textproto").string(), small);
  EXPECT_EQ(result.scenario, nullptr);
  ASSERT_EQ(result.diagnostics.items().size(), 1u);
  EXPECT_NE(result.diagnostics.items()[0].message.find("more than the limit of 64 bytes"), std::string::npos);
}
