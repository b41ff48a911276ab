// libFuzzer target: arbitrary bytes through the whole scenario boundary (text checks, parse, validate, compile).
// Any crash, sanitizer report, leak or hang is a bug: bad input must only ever produce diagnostics.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DJCSIM_FUZZ=ON && cmake --build build-fuzz
//   ./build-fuzz/scenario_fuzz -max_total_time=60 corpus-dir scenarios tests/data/invalid tests/data/valid
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scenario/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = jcsim::scenario::load_text("fuzz.textproto", text);
  // Either a scenario or errors, never both, never neither.
  if ((result.scenario != nullptr) == result.diagnostics.has_errors()) __builtin_trap();
  for (const auto& d : result.diagnostics.items())
    if (d.message.empty()) __builtin_trap();
  return 0;
}
