// libFuzzer target: every scenario the loader accepts runs, and runs the same on every path. Arbitrary bytes go
// through the scenario boundary; a scenario it accepts, if small enough to run in a moment, runs one replication
// with the engine's invariant checks on (people conserved, places within capacity, spend within budget, ...;
// JCSIM_ASSERT aborts) three ways, which must give bit-identical results:
//   - the fast path (quiet agents passed over, AVX2 where the processor has it), one thread;
//   - the reference path (every agent through the full steps, portable code), one thread;
//   - the fast path with the agent-wise phases in parallel blocks of 64 agents on two threads.
// Every metric must be a number (the summary's quantiles need an order: no NaN).
// A crash, sanitizer report, broken invariant, NaN or a difference is a bug: either the validator lets through
// what the engine cannot handle, or the engine mishandles a legal scenario (the quiet test's margin, for one,
// holds only for rate factors it checks at run time).
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DJCSIM_FUZZ=ON && cmake --build build-fuzz
//   ./build-fuzz/run_fuzz -max_total_time=60 -max_len=131072 corpus scenarios tests/data/valid tests/data/warning
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include <tbb/global_control.h>

#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "engine/sim/step.h"
#include "engine/sim/world.h"

namespace {

std::vector<double> replicate(const jcsim::model::Scenario& s, const jcsim::stats::Layout& layout,
                              const jcsim::sim::RunConfig& config) {
  jcsim::sim::World w(s, layout, 3, config);
  if (!jcsim::sim::run_replication(w, nullptr)) __builtin_trap();
  return std::move(w.values.data);
}

bool same_bits(const std::vector<double>& x, const std::vector<double>& y) {
  return x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto loaded = jcsim::scenario::load_text("fuzz.textproto", text);
  if (loaded.scenario == nullptr) return 0;
  const auto& s = *loaded.scenario;
  jcsim::run::RunOptions options;
  options.replications = 1;
  // The shipped scenarios (about 30,000 people over 12 months) run too, but slowly under the sanitizers (about a
  // second per path); longer or larger ones are left out of the corpus (-1), so that mutations stay quick and no
  // input runs into the time limit.
  const uint64_t people = jcsim::run::estimate_memory(s, options).expected_agents;
  if (people * static_cast<uint64_t>(s.horizon) > 40'000 * 12) return -1;
  const jcsim::stats::Layout layout(s);
  jcsim::sim::RunConfig fast;
  fast.seed = 7;
  fast.parallel_agents = false;
  jcsim::sim::RunConfig reference = fast;
  reference.every_agent_exact = true;
  reference.vector_paths = false;
  jcsim::sim::RunConfig parallel = fast;
  parallel.parallel_agents = true;
  parallel.grain = 64;
  const auto expected = replicate(s, layout, fast);
  for (const double v : expected)
    if (std::isnan(v)) __builtin_trap();
  if (!same_bits(expected, replicate(s, layout, reference))) __builtin_trap();
  {
    const tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
    if (!same_bits(expected, replicate(s, layout, parallel))) __builtin_trap();
  }
  return 0;
}
