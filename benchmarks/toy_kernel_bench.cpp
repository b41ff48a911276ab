// The kind of kernel the engine's speed target (50 M agent-months per second per core) was set by, measured on
// the engine's own keyed generator: EN 2024's size (20,000 ELB at the start, 550 new ones a month, 12 months:
// ≈283,000 agent-months per replication against EN 2024's ≈279,500), and per agent and month one Philox block,
// an exit and a job-finding draw against hazards that depend on the months in benefits, the benefit history and
// LZB status, and the ELB and LZB stocks.
//
// What it leaves out is what the engine's instructions go to besides (README, Speed): Förderketten, places,
// budgets and caseworkers deciding who enters (the assignment phase), people drawn with a dozen attributes,
// participants, subsidised employment, teams, and every metric per report segment.
//
//   taskset -c 1 ./build/benchmarks/toy_kernel_bench
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "engine/sim/random.h"
#include "engine/sim/random_batch.h"

namespace {

using namespace jcsim;

constexpr uint8_t kSeeking = 0, kEmployed = 1, kGone = 2;
constexpr uint32_t kStock = 20'000, kInflowPerMonth = 550;
constexpr int kMonths = 12, kLzbMonths = 21;

struct Population {
  std::vector<uint64_t> id;
  std::vector<uint8_t> status, bm24;
  std::vector<uint32_t> history;  // bit k: in benefits k + 1 months ago
  void add(uint64_t who, uint32_t past) {
    id.push_back(who);
    status.push_back(kSeeking);
    history.push_back(past & 0xFFFFFFu);
    bm24.push_back(static_cast<uint8_t>(std::popcount(past & 0xFFFFFFu)));
  }
};

// One replication; returns its agent-months. The stocks go to `sink` so that nothing is optimised away.
uint64_t replication(uint32_t rep, std::array<int64_t, 2>& sink) {
  const sim::Stream stream{20240101, rep};
  // A 1 % monthly exit hazard; job finding 6 % a month, halved after 12 months in benefits and again after 21.
  const uint32_t exit_below = static_cast<uint32_t>(sim::word_above(0.01));
  std::array<uint32_t, 25> job_below{};
  for (size_t m = 0; m < job_below.size(); ++m)
    job_below[m] = static_cast<uint32_t>(sim::word_above(m < 12 ? 0.06 : m < 21 ? 0.03 : 0.015));

  Population p;
  std::vector<sim::Stream::Words> words(kStock);  // the initial stock's words, then a chunk's
  std::vector<uint64_t> fresh(kStock);
  for (uint32_t k = 0; k < kStock; ++k) fresh[k] = sim::make_id(sim::Origin::kInitialStock, 0, 0, k);
  sim::words_batch(stream, fresh.data(), kStock, -1, sim::Purpose::kInitial, 0, words.data());
  for (uint32_t k = 0; k < kStock; ++k) p.add(fresh[k], words[k][0]);

  uint64_t agent_months = 0;
  for (int t = 0; t < kMonths; ++t) {
    for (uint32_t k = 0; k < kInflowPerMonth; ++k)
      p.add(sim::make_id(sim::Origin::kInflow, static_cast<uint32_t>(t), 0, k), 0);
    const size_t n = p.id.size();
    int64_t elb = 0, lzb = 0;
    for (size_t first = 0; first < n; first += 256) {
      const size_t m = std::min<size_t>(256, n - first);
      sim::words_batch(stream, p.id.data() + first, m, t, sim::Purpose::kMonthly, 0, words.data());
      for (size_t k = 0; k < m; ++k) {
        const size_t i = first + k;
        const auto& w = words[k];
        if (p.status[i] == kSeeking) {
          if (w[0] < exit_below)
            p.status[i] = kGone;
          else if (w[1] < job_below[p.bm24[i]])
            p.status[i] = kEmployed;
        }
        const uint32_t in_benefits = p.status[i] == kSeeking;
        const uint32_t h = (p.history[i] << 1 | in_benefits) & 0xFFFFFFu;
        p.history[i] = h;
        p.bm24[i] = static_cast<uint8_t>(std::popcount(h));
        elb += in_benefits;
        lzb += in_benefits & static_cast<uint32_t>(p.bm24[i] >= kLzbMonths);
      }
    }
    sink[0] += elb;
    sink[1] += lzb;
    agent_months += n;
  }
  return agent_months;
}

void BM_ToyKernel(benchmark::State& state) {
  uint64_t agent_months = 0;
  uint32_t rep = 0;
  std::array<int64_t, 2> sink{};
  for (auto _ : state) {
    agent_months += replication(rep++, sink);
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<int64_t>(agent_months));
  state.SetLabel(sim::words_batch_vectorised() ? "avx2" : "scalar");
}
BENCHMARK(BM_ToyKernel)->Unit(benchmark::kMillisecond);

}  // namespace
