// A confirmed match: offsets into the scanned buffer, valid only as long as that buffer.
#pragma once

#include <cstdint>

namespace ks {

struct Match {
  uint32_t rule = 0;
  uint64_t begin = 0;  // whole regex match
  uint64_t end = 0;
  uint64_t secret_begin = 0;  // the rule's secret group
  uint64_t secret_end = 0;
  // The access key ID this secret belongs to, when a later stage (aws/pairing.h) found one
  // nearby; key_begin == key_end when there is none. Offsets, not indices, so sorting is safe.
  uint64_t key_begin = 0;
  uint64_t key_end = 0;
};

}  // namespace ks
