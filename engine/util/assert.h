// JCSIM_ASSERT: internal invariants (people conserved, places <= capacity, spend <= budget + overdraft).
// Checked in debug and sanitizer builds (and wherever JCSIM_CHECKS=1); free in release builds. A failure is a bug
// in jcsim, never bad input: bad input is reported as diagnostics at the scenario boundary.
#pragma once

#include <cstdio>
#include <cstdlib>

#if !defined(NDEBUG) || (defined(JCSIM_CHECKS) && JCSIM_CHECKS)
#define JCSIM_ASSERT(cond, msg)                                                                 \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      std::fprintf(stderr, "%s:%d: jcsim internal invariant broken: %s (%s)\n", __FILE__, __LINE__, \
                   msg, #cond);                                                                 \
      std::abort();                                                                             \
    }                                                                                           \
  } while (false)
#define JCSIM_CHECKS_ON 1
#else
#define JCSIM_ASSERT(cond, msg) \
  do {                          \
  } while (false)
#define JCSIM_CHECKS_ON 0
#endif
