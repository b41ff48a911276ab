// The keyed generator for many agents at once: Stream::words for a run of agent ids that share month, purpose
// and block. Bit for bit the same words as the one-agent call (the tests compare them), computed eight agents
// per AVX2 instruction where the processor has it (checked once at run time), one by one where it has not.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/sim/random.h"

namespace jcsim::sim {

// out[k] = s.words(ids[k], month, purpose, block) for k < n.
void words_batch(const Stream& s, const uint64_t* ids, size_t n, int month, Purpose purpose, uint32_t block,
                 Stream::Words* out);

// The same words by column: columns[j][k] = s.words(ids[k], month, purpose, block)[j] for k < n, j < 4.
void words_batch_columns(const Stream& s, const uint64_t* ids, size_t n, int month, Purpose purpose,
                         uint32_t block, uint32_t* const columns[4]);

// Whether words_batch uses the vector path on this processor (for the benchmark's label).
bool words_batch_vectorised();

}  // namespace jcsim::sim
