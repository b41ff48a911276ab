// libFuzzer target: every scenario the loader accepts runs. Arbitrary bytes go through the scenario boundary; a
// scenario it accepts, if small enough to run in a moment, runs one replication with the engine's invariant
// checks on (people conserved, places within capacity, spend within budget, ...; JCSIM_ASSERT aborts). A crash,
// sanitizer report or broken invariant is a bug: either the validator lets through what the engine cannot
// handle, or the engine mishandles a legal scenario.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DJCSIM_FUZZ=ON && cmake --build build-fuzz
//   ./build-fuzz/run_fuzz -max_total_time=60 corpus-dir scenarios tests/data/valid tests/data/warning
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/run/runner.h"
#include "engine/scenario/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto loaded = jcsim::scenario::load_text("fuzz.textproto", text);
  if (loaded.scenario == nullptr) return 0;
  const auto& s = *loaded.scenario;
  jcsim::run::RunOptions options;
  options.replications = 1;
  options.threads = 1;
  options.seed = 7;
  // The shipped scenarios (about 30,000 people) run too, but slowly under the sanitizers; larger ones are
  // left out of the corpus (-1), so that mutations stay quick.
  if (jcsim::run::estimate_memory(s, options).expected_agents > 40'000) return -1;
  const auto result = jcsim::run::run(s, options);
  // One replication, all of its months: nothing may be cancelled or lost.
  if (result.cancelled || result.replications.size() != 1) __builtin_trap();
  return 0;
}
