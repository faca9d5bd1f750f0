// scrypt (RFC 7914), the memory-hard key derivation function, through OpenSSL: for fingerprints
// of secrets too short for a plain hash to hide (findings/finding.h).
//
// A pure function of its arguments; thread-safe. Each call allocates about 128 * r * n bytes
// for its duration (32 MiB with keysweep's fingerprint parameters).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ks {

struct ScryptParams {
  uint64_t n = 0;         // CPU/memory cost: a power of two > 1
  uint64_t r = 0;         // block size
  uint64_t p = 0;         // parallelisation
  size_t key_length = 0;  // bytes of output
};

// The raw derived key, or nullopt when OpenSSL refuses (parameters out of range, or the memory
// could not be had).
std::optional<std::string> Scrypt(std::string_view password, std::string_view salt,
                                  const ScryptParams& params);

}  // namespace ks
