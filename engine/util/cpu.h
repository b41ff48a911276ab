// What the processor offers, for code with an AVX2 path beside a portable one (random_batch.cpp, quiet.cpp).
// JCSIM_HAVE_AVX2_PATH is defined where such a path can be compiled (x86-64, with per-function target
// attributes); cpu_has_avx2() says at run time whether this processor may take it.
#pragma once

#if defined(__x86_64__)
#include <immintrin.h>
#define JCSIM_HAVE_AVX2_PATH 1
// For functions that use AVX2 (and POPCNT, which every AVX2 processor has).
#define JCSIM_TARGET_AVX2 __attribute__((target("avx2,popcnt")))
#endif

namespace jcsim {

// Whether this processor has AVX2 and POPCNT; checked once. False where no AVX2 path is compiled.
inline bool cpu_has_avx2() {
#ifdef JCSIM_HAVE_AVX2_PATH
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
  return yes;
#else
  return false;
#endif
}

}  // namespace jcsim
