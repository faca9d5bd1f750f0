#include "util/memory.h"

#include <malloc.h>
#include <sys/resource.h>

namespace ks {

void ReleaseFreedMemory() { malloc_trim(0); }

uint64_t PeakResidentBytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

}  // namespace ks
