// The one way jcsim runs a loop in parallel: a fork/join over [begin, end) in blocks of `grain`, statically
// partitioned (a fixed split of the range over threads, no stealing), as the design asks.
//
// The acquire/release pair around the body makes the fork and the join visible to ThreadSanitizer: the scheduler
// that orders them lives in libtbb, which Debian builds uninstrumented, so without it TSan would report every
// read of data the caller prepared. It costs one atomic operation per block.
#pragma once

#include <atomic>
#include <cstddef>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

namespace jcsim {

template <typename Body>  // Body: void(size_t begin, size_t end)
void parallel_blocks(size_t begin, size_t end, size_t grain, Body&& body) {
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
