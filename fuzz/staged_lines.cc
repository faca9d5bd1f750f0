// Fuzz target: the added-lines extraction behind `keysweep staged` (git/staged.h →
// source/staged_source.h), on a fuzzer-chosen "HEAD" version and "staged" version of a file.
//
// A scratch repository is made once per process; its objects live in memory (libgit2's mempack
// backend, reset for every input) and the staged version goes into the in-memory index, so an
// input costs no object files. git::ForEachStagedFile() then compares HEAD with that index and
// diffs each file exactly as the pre-commit hook does. Checks: the ranges are what AddedLines
// assumes (ascending, disjoint, non-empty, inside the staged file); the lines they leave out are
// unchanged lines, i.e. appear in the HEAD version in the same order; and AddedLines::Contains()
// agrees with the ranges.
//
// Input: one byte of mode (the file is new; modified in place; renamed from old.txt; copied from
// old.txt, which stays), then the HEAD version and the staged version (FuzzedDataProvider).
#include <fuzzer/FuzzedDataProvider.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <stdlib.h>  // mkdtemp

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "git/repository.h"
#include "git/staged.h"
#include "git_check.h"
#include "source/added_lines.h"

namespace {

constexpr const char* kPath = "f.txt";
constexpr const char* kOldPath = "old.txt";
constexpr const char* kBranch = "refs/heads/main";

using ks::fuzz::GitCheck;

struct Scratch {
  std::string dir;
  ks::git::Repository repo;
  git_repository* raw = nullptr;
  git_odb_backend* mempack = nullptr;
};

std::string MakeScratchRepo() {
  git_libgit2_init();
  // Neither the user's nor the system's git configuration may change what is tested.
  for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                    GIT_CONFIG_LEVEL_PROGRAMDATA}) {
    GitCheck(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, ""), "config search path");
  }
  const std::string tmp = std::filesystem::temp_directory_path() / "ks-fuzz-staged-XXXXXX";
  std::vector<char> dir(tmp.begin(), tmp.end());
  dir.push_back('\0');
  if (mkdtemp(dir.data()) == nullptr) GitCheck(-1, "mkdtemp");
  git_repository* raw = nullptr;
  GitCheck(git_repository_init(&raw, dir.data(), /*is_bare=*/0), "git init");
  git_config* config = nullptr;
  GitCheck(git_repository_config(&config, raw), "config");
  // No reflog: HEAD moves for every input.
  GitCheck(git_config_set_bool(config, "core.logAllRefUpdates", 0), "core.logAllRefUpdates");
  git_config_free(config);
  GitCheck(git_repository_set_head(raw, kBranch), "HEAD");
  git_repository_free(raw);
  return dir.data();
}

Scratch& GetScratch() {
  static Scratch* scratch = [] {
    const std::string dir = MakeScratchRepo();
    auto repo = ks::git::Repository::Discover(dir);
    if (!repo.ok()) {
      std::fprintf(stderr, "staged_lines fuzzer setup: %s\n", repo.error().message.c_str());
      std::abort();
    }
    auto* s = new Scratch{dir, std::move(repo).value()};
    s->raw = ks::git::Raw(s->repo);
    git_odb* odb = nullptr;
    GitCheck(git_repository_odb(&odb, s->raw), "odb");
    GitCheck(git_mempack_new(&s->mempack), "mempack");
    GitCheck(git_odb_add_backend(odb, s->mempack, 1000), "add mempack");
    git_odb_free(odb);
    std::atexit([] { std::filesystem::remove_all(GetScratch().dir); });
    return s;
  }();
  return *scratch;
}

git_oid WriteBlob(git_repository* repo, std::string_view content) {
  git_oid id;
  GitCheck(git_blob_create_from_buffer(&id, repo, content.data(), content.size()), "blob");
  return id;
}

// HEAD: a commit whose tree holds `content` at each of `paths`, or an unborn branch.
void SetHead(git_repository* repo, const std::vector<const char*>& paths,
             std::string_view content) {
  git_reference* existing = nullptr;
  if (git_reference_lookup(&existing, repo, kBranch) == 0) {
    GitCheck(git_reference_delete(existing), "delete branch");
    git_reference_free(existing);
  }
  if (paths.empty()) return;
  const git_oid blob = WriteBlob(repo, content);
  git_treebuilder* builder = nullptr;
  GitCheck(git_treebuilder_new(&builder, repo, nullptr), "treebuilder");
  for (const char* path : paths) {
    GitCheck(git_treebuilder_insert(nullptr, builder, path, &blob, GIT_FILEMODE_BLOB),
             "tree entry");
  }
  git_oid tree_id;
  GitCheck(git_treebuilder_write(&tree_id, builder), "tree");
  git_treebuilder_free(builder);
  git_tree* tree = nullptr;
  GitCheck(git_tree_lookup(&tree, repo, &tree_id), "tree lookup");
  git_signature* sig = nullptr;
  GitCheck(git_signature_new(&sig, "fuzz", "fuzz@example.com", 1700000000, 0), "signature");
  git_oid commit;
  GitCheck(git_commit_create(&commit, repo, nullptr, sig, sig, nullptr, "fuzz", tree, 0, nullptr),
           "commit");
  git_signature_free(sig);
  git_tree_free(tree);
  git_reference* ref = nullptr;
  GitCheck(git_reference_create(&ref, repo, kBranch, &commit, /*force=*/1, nullptr), "branch");
  git_reference_free(ref);
}

void StageFile(git_index* index, const char* path, std::string_view content) {
  git_index_entry entry{};
  entry.mode = GIT_FILEMODE_BLOB;
  entry.path = path;
  GitCheck(git_index_add_from_buffer(index, &entry, content.data(), content.size()), "stage");
}

// Lines as xdiff sees them: split after each '\n', the last one possibly without it.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const size_t len = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(0, len));
    text.remove_prefix(len);
  }
  return lines;
}

void CheckRanges(const ks::git::StagedFile& f, std::string_view old_text,
                 std::string_view new_text) {
  const ks::AddedLines added(f.binary, f.added);
  if (f.binary) {
    FUZZ_CHECK(f.added.empty());
    FUZZ_CHECK(added.Contains(1));
    return;
  }
  FUZZ_CHECK(!f.added.empty());
  const std::vector<std::string_view> new_lines = Lines(new_text);
  std::vector<bool> is_added(new_lines.size() + 2, false);
  uint64_t next_free = 1;  // ranges are ascending and disjoint
  for (const ks::git::LineRange& r : f.added) {
    FUZZ_CHECK(r.count > 0);
    FUZZ_CHECK(r.first >= next_free);
    FUZZ_CHECK(r.first + r.count - 1 <= new_lines.size());
    for (uint64_t l = r.first; l < r.first + r.count; ++l) is_added[l] = true;
    next_free = r.first + r.count;
  }
  // The lines that are not added are unchanged: a subsequence of the HEAD version.
  const std::vector<std::string_view> old_lines = Lines(old_text);
  size_t o = 0;
  for (size_t l = 1; l <= new_lines.size(); ++l) {
    if (is_added[l]) continue;
    while (o < old_lines.size() && old_lines[o] != new_lines[l - 1]) ++o;
    FUZZ_CHECK(o < old_lines.size());
    ++o;
  }
  for (uint64_t l = 0; l < is_added.size(); ++l) FUZZ_CHECK(added.Contains(l) == is_added[l]);
  FUZZ_CHECK(!added.Contains(UINT64_MAX));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Scratch& s = GetScratch();
  FuzzedDataProvider fdp(data, size);
  const int mode = fdp.ConsumeIntegralInRange(0, 3);  // new, modified, renamed, copied
  const std::string old_text = fdp.ConsumeRandomLengthString();
  const std::string new_text = fdp.ConsumeRemainingBytesAsString();

  GitCheck(git_mempack_reset(s.mempack), "mempack reset");
  std::vector<const char*> head_paths;
  if (mode == 1) head_paths = {kPath};
  if (mode >= 2) head_paths = {kOldPath};
  SetHead(s.raw, head_paths, old_text);
  git_index* index = nullptr;
  GitCheck(git_repository_index(&index, s.raw), "index");
  GitCheck(git_index_clear(index), "index clear");
  StageFile(index, kPath, new_text);
  if (mode == 3) StageFile(index, kOldPath, old_text);
  git_index_free(index);

  // What `keysweep staged` calls (through StagedSource), on the scratch repository's handle.
  std::vector<ks::git::StagedFile> files;
  ks::git::StagedCallbacks callbacks{
      [&](const ks::git::StagedFile& f, std::string_view bytes, size_t, size_t) {
        FUZZ_CHECK(bytes == (f.path == kPath ? new_text : old_text));
        files.push_back(f);
      },
      [](const std::string&, uint64_t) { FUZZ_CHECK(false); },           // no size limit set
      [](const std::string&, const ks::Error&) { FUZZ_CHECK(false); }};  // objects all readable
  // One thread: another would open its own handle, which cannot see the in-memory objects (with
  // one or two files keysweep uses one thread anyway).
  ks::git::StagedOptions options;
  options.threads = 1;
  FUZZ_CHECK(ks::git::ForEachStagedFile(s.repo, options, callbacks).ok());

  const bool unchanged = mode == 1 && old_text == new_text;
  FUZZ_CHECK(files.size() <= 1);
  if (files.empty()) {
    // Nothing added: the same content, an empty file, or only deletions.
    FUZZ_CHECK(unchanged || new_text.empty() || mode != 0);
    return 0;
  }
  const ks::git::StagedFile& f = files.front();
  FUZZ_CHECK(f.path == kPath);
  FUZZ_CHECK(!unchanged);
  git_oid new_id;
  GitCheck(git_odb_hash(&new_id, new_text.data(), new_text.size(), GIT_OBJECT_BLOB), "hash");
  FUZZ_CHECK(f.blob.Hex() == git_oid_tostr_s(&new_id));
  CheckRanges(f, mode == 0 ? std::string_view() : std::string_view(old_text), new_text);
  return 0;
}
