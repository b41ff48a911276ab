// Helpers shared by the test programs.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace jcsim::test {

inline const std::filesystem::path kSourceDir = JCSIM_SOURCE_DIR;

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace jcsim::test
