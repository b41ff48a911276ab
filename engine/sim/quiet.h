// The quiet-agent test of the agent phase (phases 5-7). Most agents' month changes nothing there: a seeking ELB
// whose draws trigger no exit and no job, who is queued already, or someone gone. The test finds the others, and
// only they go through the full steps, which decide exactly; the test may send too many (it errs on the side of
// the full steps), never too few.
//
// The hazards are compared in single precision with a relative margin (quiet.cpp proves it sufficient), so that
// eight agents go through one AVX2 instruction where the processor has it. The vector and the portable path
// compute the same floats in the same order, so they pick the same agents (the tests compare them).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/sim/world.h"

namespace jcsim::sim {

// Whether a factor of a hazard may enter the single-precision test: zero, or finite within [2^-30, 2^30], so that
// a product of four such factors is a normal float (quiet.cpp).
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
  float review = 0;  // the plan-review hazard with the margin, rounded up
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

// Writes to `busy` the positions k in [0, m) of the chunk's agents c + k whose month in phases 5-7 may change
// something or note something for the assignment phase, in increasing order, and returns their number. `words`
// are the chunk's kMonthly draws; `busy` has room for m + 8 entries (the vector path stores eight at a time).
size_t busy_agents(const World& w, const QuietTest& q, size_t c, size_t m, const Stream::Words* words,
                   uint16_t* busy);
// The same without vector instructions.
size_t busy_agents_portable(const World& w, const QuietTest& q, size_t c, size_t m, const Stream::Words* words,
                            uint16_t* busy);
// Whether busy_agents uses AVX2 on this processor.
bool busy_agents_vectorised();

}  // namespace jcsim::sim
