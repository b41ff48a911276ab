// The scenario boundary: reading, validating and compiling a scenario. A strategy meeting edits and reruns
// scenarios live, so this must stay far below the time of a run.
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "engine/scenario/load.h"

namespace {

std::string read(const char* name) {
  std::ifstream in(std::string(JCSIM_SOURCE_DIR) + "/scenarios/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void BM_LoadScenario(benchmark::State& state, const char* name) {
  const std::string text = read(name);
  for (auto _ : state) {
    auto result = jcsim::scenario::load_text(name, text);
    if (!result.scenario) state.SkipWithError("scenario did not load");
    benchmark::DoNotOptimize(result.scenario);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

}  // namespace

BENCHMARK_CAPTURE(BM_LoadScenario, tiny, "tiny.textproto")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LoadScenario, en2024, "en2024.textproto")->Unit(benchmark::kMicrosecond);
