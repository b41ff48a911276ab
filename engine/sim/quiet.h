// The quiet-agent test of the agent phase (phases 5-7). Most agents' month changes nothing there: a seeking ELB
// whose draws trigger no exit and no job, who is queued already; a participant whose draws trigger nothing and
// whose participation goes on; a working ELB who stays; someone gone. The test finds the others, and only they
// go through the steps, which decide exactly; the test may send too many (it errs on the side of the steps),
// never too few.
//
// The busy come in two lists. Those in `full` take the full steps. Those in `plan` are seeking ELB whom no exit
// and no job can reach this month: only the plan steps remain for them (a review of the plan, a wait that ran
// out, a new place in the assignment queue).
//
// The test reads the top 16 bits hi_k of each of the month's draws (MonthDraws): U_k > hi_k · 2^-16, so hi_k ·
// 2^-16 >= hazard_k rules event k out. The hazards are compared in single precision with a relative margin
// (quiet.cpp proves it sufficient), so that eight agents go through one AVX2 instruction where the processor has
// it. The vector and the portable path compute the same floats in the same order, so they pick the same agents
// (the tests compare them).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/sim/world.h"

namespace jcsim::sim {

// Whether a factor of a hazard may enter the single-precision test: zero, or finite within [2^-24, 2^24], so that
// a product of five such factors is a normal float (quiet.cpp).
bool quiet_float_in_range(double factor);

// The month's constants of the test, as tables every agent can index without a branch (stale values of gone
// agents included).
struct QuietTest {
  explicit QuietTest(const World& w);
  int t = 0;
  std::vector<float>
      exit_rate;  // per segment: the month's exit rate factor; -1: exit rules read monthly attributes
  // At job_index(segment, distance, language): base hazard × the month's rate factor × distance × language.
  std::vector<float> job;
  std::array<float, 25> duration{};   // by months in benefits within 24
  std::vector<float> contact;         // per team + 1 (index 0: no team): the month's contact factor
  const float* post = nullptr;        // World::post_factor_flat
  const int32_t* wait_max = nullptr;  // World::stage_wait_max
  int32_t stage_stride = 1;
  // A review that may offer a Förderkette: reprofile_hazard × the largest participation share the person could be
  // offered (Agents::review_reach in 255ths; a review offers a chain with the participation drawn as U_3 /
  // reprofile_hazard: plan_steps), with the margin, per 255th, rounded up.
  float review_unit = 0;
  // Per instrument + 1 (index 0: none): the job-finding factor while taking part (the lock-in; 0 where the
  // instrument is work already, and 1 for no instrument).
  std::vector<float> lock;
  // At progress_index(instrument, segment): the word-2 threshold of a participation, rounded up: the dropout
  // hazard (with the month's rate factor) of a measure, job plus dismissal hazard of subsidised employment.
  std::vector<float> progress;
  size_t segments = 1;
  size_t progress_index(int instrument, size_t segment) const {
    return static_cast<size_t>(instrument + 1) * segments + segment;
  }
  float working_exit = 0;  // a working ELB's benefit ending (word 3), rounded up
  // False if some factor is out of quiet_float_in_range: then every exit and job draw counts as busy (slow,
  // exact).
  bool hazards_in_range = true;
  // The job table's layout, as shifts (the vector path computes the index with them).
  static constexpr int kJobDistanceShift = 3, kJobSegmentShift = 4;
  static_assert(model::kLanguages <= 1 << kJobDistanceShift &&
                model::kDistances << kJobDistanceShift <= 1 << kJobSegmentShift);
  static constexpr size_t job_index(size_t segment, size_t distance, size_t language) {
    return segment << kJobSegmentShift | distance << kJobDistanceShift | language;
  }
};

// The busy agents of a chunk of up to kChunk agents: positions k of agents c + k, increasing within each list.
struct BusyAgents {
  static constexpr size_t kChunk = 256;
  // The vector path stores eight positions at a time: room for eight past the last.
  std::array<uint16_t, kChunk + 8> full, plan;
  size_t n_full = 0, n_plan = 0;
};

// In an even month, makes the Purpose::kMonthly words of the month pair of agents c .. c + m - 1
// (Agents::pair_words); the odd month reads them again.
void make_pair_words(World& w, size_t c, size_t m);

// Finds the busy agents among the chunk's agents c + k, k in [0, m) (m <= kChunk), from the halves of their
// pair words that belong to this month.
void busy_agents(const World& w, const QuietTest& q, size_t c, size_t m, BusyAgents& out);
// The same without vector instructions.
void busy_agents_portable(const World& w, const QuietTest& q, size_t c, size_t m, BusyAgents& out);
// Whether busy_agents uses AVX2 on this processor.
bool busy_agents_vectorised();

}  // namespace jcsim::sim
