// Process memory: what a long scan can measure about itself and give back between phases.
// Both functions are thread-safe.
#pragma once

#include <cstdint>

namespace ks {

// Hands memory that has been freed back to the operating system. glibc keeps freed blocks in
// each thread's arena for reuse; after a phase whose workers churned through many short-lived
// buffers (the history diff's tree caches), that free memory would otherwise stay resident
// through the next phase and add to the peak. Costs a walk over the free lists and faults the
// pages back in when they are reused: call it between phases or every few tens of MiB of
// work, not per object.
void ReleaseFreedMemory();

// The most memory this process has had resident so far (the kernel's high-water mark), in bytes.
uint64_t PeakResidentBytes();

}  // namespace ks
