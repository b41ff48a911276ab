// keep_freed_memory(): a large block freed and allocated again comes back without page faults.
#include <sys/resource.h>

#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "engine/util/memory.h"

namespace {

long minor_page_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

// Allocates 8 MiB, writes every byte and frees it: 2,048 pages of 4 KiB, each faulting if the block comes fresh
// from the operating system. Returns a sum of the bytes, so that the work cannot be left out.
long touch_and_free() {
  std::vector<char> block(size_t{8} << 20, 1);
  return std::accumulate(block.begin(), block.end(), 0L);
}

TEST(Memory, AFreedBlockIsReusedWithoutPageFaults) {
  if (!jcsim::keep_freed_memory()) GTEST_SKIP() << "the allocator is not glibc's (a sanitizer's, for example)";
  EXPECT_EQ(touch_and_free(), long{8} << 20);
  const long before = minor_page_faults();
  EXPECT_EQ(touch_and_free(), long{8} << 20);
  // By default glibc unmaps the freed block and the second allocation faults on all 2,048 pages again.
  EXPECT_LT(minor_page_faults() - before, 100);
}

}  // namespace
