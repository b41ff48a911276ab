// The allocator's policy for a process that runs replications: keep freed memory for the next one.
#pragma once

namespace jcsim {

// Every replication allocates its agent columns (tens to hundreds of KiB each) and frees them at its end. By
// default glibc returns such blocks to the operating system (blocks above the mmap threshold are unmapped, the
// top of a heap is trimmed), and the next replication gets them back page by page, each page zeroed on its
// first touch: ≈600 page faults per EN 2024 replication, ≈4 % of its time. This raises both thresholds so
// that freed blocks stay in the heap and are reused. Process-wide, so the executables call it once at start
// (jcsim, the benchmarks); the library does not. Returns false where it cannot (an allocator other than glibc's).
bool keep_freed_memory();

}  // namespace jcsim
