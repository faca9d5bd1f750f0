// Fuzz target: a pack index (.idx, v1 or v2) that keysweep finds in a repository, next to a
// valid pack (fuzz/data/base.pack). The repository is opened through git::Repository, every
// object it lists is read, and DamagedPacks() describes it. An index that lies (a fanout that
// claims four billion objects, offsets past the pack, a missing large-offset table) must be
// caught by git/pack_check before libgit2 reads it: issue #27 item 3, where libgit2 died with
// SIGSEGV or SIGBUS reading past its mapping of the file.
#include <cstdint>

#include "pack_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ks::fuzz::PackScratch& s = ks::fuzz::GetPackScratch("pack-index");
  static const bool pack_written = (ks::fuzz::WriteFile(s.pack_path, s.base_pack), true);
  (void)pack_written;
  ks::fuzz::WriteFile(s.idx_path, ks::fuzz::AsText(data, size));
  ks::fuzz::Exercise(s);
  return 0;
}
