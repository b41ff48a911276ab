// Helpers shared by the test programs.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace jcsim::test {

inline const std::filesystem::path kSourceDir = JCSIM_SOURCE_DIR;
inline const std::string kEn2024 = (kSourceDir / "scenarios/en2024.textproto").string();

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The standard output of a shell command.
inline std::string capture(const std::string& command) {
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  return out;
}

#ifdef JCSIM_BINARY
// How a run of the jcsim binary ended: its exit code (-1 if it did not exit) and what it wrote to stderr.
struct Outcome {
  int code = -1;
  std::string err;
};

// Runs `jcsim ARGS` (ARGS quoted for the shell by the caller), standard output discarded.
inline Outcome run_jcsim(const std::string& args) {
  const std::filesystem::path err =
      std::filesystem::temp_directory_path() / ("jcsim-test-" + std::to_string(::getpid()) + ".err");
  const std::string cmd = std::string("'") + JCSIM_BINARY + "' " + args + " >/dev/null 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  Outcome o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.err = read_file(err);
  std::filesystem::remove(err);
  return o;
}
#endif

}  // namespace jcsim::test
