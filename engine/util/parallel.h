// The one way jcsim runs a loop in parallel: a fork/join over [begin, end) in blocks of `grain`, statically
// partitioned (a fixed split of the range over threads, no stealing), as the design asks. The acquire/release
// pair around each block costs one atomic operation and orders the caller's data before the blocks.
//
// ThreadSanitizer builds (JCSIM_TSAN) run the blocks on std::threads instead: oneTBB's scheduler lives in Debian's
// uninstrumented libtbb, so TSan cannot see how it hands a block to a worker and reports the hand-off itself.
// With threads it can, and the TSan job checks what it is for: that the loop bodies do not race. The blocks and
// their results are the same either way (the determinism tests compare the bytes).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#if defined(JCSIM_TSAN_SCHEDULER) && JCSIM_TSAN_SCHEDULER
#include <thread>
#include <vector>
#endif

namespace jcsim {

template <typename Body>  // Body: void(size_t begin, size_t end)
void parallel_blocks(size_t begin, size_t end, size_t grain, Body&& body) {
#if defined(JCSIM_TSAN_SCHEDULER) && JCSIM_TSAN_SCHEDULER
  const size_t threads =
      std::max<size_t>(1, tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  const size_t blocks = grain > 0 ? (end - begin + grain - 1) / grain : 0;
  std::vector<std::thread> workers;
  for (size_t t = 0; t < std::min(threads, blocks); ++t)
    workers.emplace_back([&, t] {
      for (size_t b = t; b < blocks; b += threads)
        body(begin + b * grain, std::min(end, begin + (b + 1) * grain));
    });
  for (auto& w : workers) w.join();
  return;
#endif
  std::atomic<int> fork{0}, join{0};
  fork.store(1, std::memory_order_release);
  tbb::parallel_for(
      tbb::blocked_range<size_t>(begin, end, grain),
      [&](const tbb::blocked_range<size_t>& r) {
        (void)fork.load(std::memory_order_acquire);
        body(r.begin(), r.end());
        join.fetch_add(1, std::memory_order_release);
      },
      tbb::static_partitioner());
  (void)join.load(std::memory_order_acquire);
}

}  // namespace jcsim
