// The scratch repository of the pack fuzzers (pack_index, pack_file): a bare repository whose
// objects/pack/ holds fuzz/data/base.pack and its index, one of the two replaced by the input.
// Exercise() then reads it as keysweep does: git::Repository (which checks every index before
// libgit2 may read it, see git/pack_check.h), every object it lists, and DamagedPacks.
#pragma once

#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "git/oid.h"
#include "git/pack_check.h"
#include "git/repository.h"
#include "scratch_repo.h"

namespace ks::fuzz {

struct PackScratch {
  std::string git_dir;
  std::string pack_path;  // objects/pack/pack-<name>.pack
  std::string idx_path;   // its index
  std::string base_pack;  // fuzz/data/base.pack
  std::string base_idx;   // its v2 index
};

inline const PackScratch& GetPackScratch(const char* name) {
  static const PackScratch scratch = [name] {
    PackScratch s;
    s.git_dir = MakeScratchDir(name);
    InitBare(s.git_dir);
    s.base_pack = ReadFile(KS_FUZZ_DATA_DIR "/base.pack");
    s.base_idx = ReadFile(KS_FUZZ_DATA_DIR "/base.idx");
    const std::string stem = s.git_dir + "/objects/pack/pack-" + std::string(40, 'b');
    s.pack_path = stem + ".pack";
    s.idx_path = stem + ".idx";
    return s;
  }();
  return scratch;
}

constexpr uint64_t kMaxObjectSize = uint64_t{1} << 20;  // base.pack's objects are far smaller

// Opens the scratch repository and reads everything in it; what fails is the input's problem
// and must be reported, never crash or hang.
inline void Exercise(const PackScratch& s) {
  auto repo = git::Repository::OpenGitDir(s.git_dir);
  if (!repo.ok()) return;
  size_t listed = 0;
  const Status listing = repo->ForEachObjectId([&](const git::Oid& id) {
    ++listed;
    // As keysweep reads blobs: the header first, and nothing it claims is over the budget.
    // (A pack entry can claim any size, and libgit2 allocates that much before inflating.)
    auto header = repo->ReadHeader(id);
    if (header.ok() && header->size <= kMaxObjectSize) (void)repo->Read(id);
    return listed < 100000;
  });
  (void)listing;
  const std::vector<std::string> damaged = git::DamagedPacks(*repo);
  // Every index left out is named, so the run never drops a pack without a word.
  FUZZ_CHECK(damaged.size() >= repo->pack_indexes().unsafe.size());
  // The unsafe ones are exactly those CheckPackIndexes finds now (nothing changed between).
  const git::PackIndexes again = git::CheckPackIndexes(s.git_dir + "/objects");
  FUZZ_CHECK(again.unsafe.size() == repo->pack_indexes().unsafe.size());
}

}  // namespace ks::fuzz
