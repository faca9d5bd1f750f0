// Fuzz target: the tree-object parser behind history scans (git/raw_tree.h), checked against
// libgit2's own parser.
//
// The input is stored as a tree object in an in-memory object database (libgit2's mempack,
// reset for every input) and read back with git_tree_lookup. Checks: RawTree::Parse never reads
// outside the input and its entries tile it exactly; whenever both parsers accept the input they
// agree on every entry (name, id, kind); an input that RawTree::Parse accepts with modes libgit2
// can hold (16 bits) is accepted by libgit2 too; and CompareEntries orders each pair of neighbours
// as git_tree_entry_cmp does.
#include "git/raw_tree.h"

#include <git2.h>
#include <git2/sys/mempack.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "fuzz_check.h"
#include "git_check.h"

namespace {

using ks::fuzz::GitCheck;

struct Scratch {
  git_odb* odb = nullptr;
  git_odb_backend* mempack = nullptr;
  git_repository* repo = nullptr;
};

Scratch& GetScratch() {
  static Scratch scratch = [] {
    Scratch s;
    git_libgit2_init();
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);  // every input is parsed afresh
    GitCheck(git_odb_new(&s.odb), "odb");
    GitCheck(git_mempack_new(&s.mempack), "mempack");
    GitCheck(git_odb_add_backend(s.odb, s.mempack, 1), "add mempack");
    GitCheck(git_repository_wrap_odb(&s.repo, s.odb), "repository");
    return s;
  }();
  return scratch;
}

ks::git::EntryKind KindOf(const git_tree_entry* e) {
  switch (git_tree_entry_type(e)) {
    case GIT_OBJECT_TREE:
      return ks::git::EntryKind::kTree;
    case GIT_OBJECT_COMMIT:
      return ks::git::EntryKind::kGitlink;
    default:
      return ks::git::EntryKind::kBlob;
  }
}

int Sign(int v) { return (v > 0) - (v < 0); }

void CheckTiling(const std::vector<ks::git::RawEntry>& entries, std::string_view bytes) {
  const char* next = bytes.data();
  for (const ks::git::RawEntry& e : entries) {
    FUZZ_CHECK(e.name.data() > next && e.name.data() + e.name.size() < bytes.data() + bytes.size());
    FUZZ_CHECK(reinterpret_cast<const char*>(e.id) == e.name.data() + e.name.size() + 1);
    next = reinterpret_cast<const char*>(e.id) + ks::git::Oid::kSize;
  }
  FUZZ_CHECK(next == bytes.data() + bytes.size());
}

void CheckAgainstLibgit2(const std::vector<ks::git::RawEntry>& entries, const git_tree* tree) {
  FUZZ_CHECK(git_tree_entrycount(tree) == entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree, i);
    FUZZ_CHECK(entries[i].name == git_tree_entry_name(e));
    FUZZ_CHECK(std::memcmp(entries[i].id, git_tree_entry_id(e)->id, ks::git::Oid::kSize) == 0);
    FUZZ_CHECK(entries[i].kind == KindOf(e));
    if (i == 0) continue;
    const int ours = ks::git::CompareEntries(entries[i - 1], entries[i]);
    FUZZ_CHECK(Sign(ours) == Sign(git_tree_entry_cmp(git_tree_entry_byindex(tree, i - 1), e)));
    FUZZ_CHECK(Sign(ks::git::CompareEntries(entries[i], entries[i - 1])) == -Sign(ours));
  }
}

}  // namespace

namespace git = ks::git;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Scratch& s = GetScratch();
  const std::string_view bytes = ks::fuzz::AsText(data, size);
  const auto ours = git::RawTree::Parse(bytes);
  if (ours.ok()) CheckTiling(*ours, bytes);

  GitCheck(git_mempack_reset(s.mempack), "mempack reset");
  git_oid id;
  GitCheck(git_odb_write(&id, s.odb, data, size, GIT_OBJECT_TREE), "write");
  git_tree* tree = nullptr;
  const bool theirs_ok = git_tree_lookup(&tree, s.repo, &id) == 0;
  if (ours.ok()) {
    bool modes_fit = true;
    for (const git::RawEntry& e : *ours) modes_fit = modes_fit && e.mode <= UINT16_MAX;
    FUZZ_CHECK(theirs_ok || !modes_fit);
  }
  if (ours.ok() && theirs_ok) CheckAgainstLibgit2(*ours, tree);
  git_tree_free(tree);
  return 0;
}
