// Fuzz target: a pack file (.pack) that keysweep finds in a repository, next to the valid index
// of fuzz/data/base.pack: libgit2 then inflates and resolves deltas from whatever bytes sit at
// the offsets the index gives. The input's last 20 bytes are replaced by the checksum the index
// expects (the fuzzer cannot compute SHA-1, and libgit2 refuses a pack whose trailer does not
// match its index), so that the objects are read; a trailer that does not match is the
// pack_index target's business. Must never crash, hang or blow up memory.
#include <cstdint>
#include <string>

#include "pack_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ks::fuzz::PackScratch& s = ks::fuzz::GetPackScratch("pack-file");
  std::string pack(ks::fuzz::AsText(data, size));
  constexpr size_t kChecksum = 20;
  const std::string_view expected(s.base_idx.data() + s.base_idx.size() - 2 * kChecksum, kChecksum);
  if (pack.size() >= kChecksum) pack.replace(pack.size() - kChecksum, kChecksum, expected);
  ks::fuzz::WriteFile(s.idx_path, s.base_idx);
  ks::fuzz::WriteFile(s.pack_path, pack);
  ks::fuzz::Exercise(s);
  return 0;
}
