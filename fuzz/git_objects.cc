// Fuzz target: commits, tags and trees that a hostile repository forges, read by a history scan
// (history::HistorySource: git::AllTips, git::CommitWalk, git::CommitGraph, the tree diff).
//
// Hash verification is off for speed, so an object may claim any id and name any other,
// itself included: a commit that is its own parent, a tag that names itself, a tree that
// contains itself (issue #27 items 1 and 4). The input lists up to eight loose objects, each a
// kind, one of eight ids ("slots": the ids of the blobs "slot <n>") and a body in which @N stands
// for slot N's id in hex and #N for its 20 raw bytes; then whether to scan --all-objects, and up to
// four references (main, the tag v1, side, a detached HEAD) to slots. The objects are written
// under their slot's id whatever their content (libgit2's loose backend, called with the
// forged id), into a scratch repository emptied for every input. The scan must end (libFuzzer's
// -timeout catches a hang) and never crash; what it cannot read is a diagnostic.
#include <fuzzer/FuzzedDataProvider.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "git/oid.h"
#include "history/history_source.h"
#include "scratch_repo.h"
#include "util/diagnostics.h"

namespace {

namespace fs = std::filesystem;
using ks::fuzz::GitCheck;

constexpr int kSlots = 8;
constexpr const char* kRefs[] = {"refs/heads/main", "refs/tags/v1", "refs/heads/side", "HEAD"};

struct Scratch {
  std::string git_dir;
  git_odb_backend* loose = nullptr;  // writes objects/xx/yyy... under any id given
  std::vector<git_oid> slots;
};

Scratch& GetScratch() {
  static Scratch* scratch = [] {
    auto* s = new Scratch;
    s->git_dir = ks::fuzz::MakeScratchDir("git-objects");
    ks::fuzz::InitBare(s->git_dir);
    GitCheck(git_odb_backend_loose(&s->loose, (s->git_dir + "/objects").c_str(), -1, 0, 0, 0),
             "loose backend");
    for (int n = 0; n < kSlots; ++n) {
      const std::string name = "slot " + std::to_string(n);
      git_oid id;
      GitCheck(git_odb_hash(&id, name.data(), name.size(), GIT_OBJECT_BLOB), "hash");
      s->slots.push_back(id);
    }
    return s;
  }();
  return *scratch;
}

std::string Expand(const std::string& body, const std::vector<git_oid>& slots) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    const bool marker = (c == '@' || c == '#') && i + 1 < body.size() && body[i + 1] >= '0' &&
                        body[i + 1] < '0' + kSlots;
    if (!marker) {
      out += c;
      continue;
    }
    const git_oid& id = slots[body[++i] - '0'];
    if (c == '@') {
      out += git_oid_tostr_s(&id);
    } else {
      out.append(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
    }
  }
  return out;
}

// Empties the repository: no objects, no references, HEAD on the unborn main.
void Reset(const Scratch& s) {
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(s.git_dir + "/objects")) {
    if (e.path().filename().string().size() == 2) fs::remove_all(e.path(), ec);
  }
  fs::remove_all(s.git_dir + "/refs/heads", ec);
  fs::remove_all(s.git_dir + "/refs/tags", ec);
  fs::remove(s.git_dir + "/packed-refs", ec);
  fs::create_directories(s.git_dir + "/refs/heads");
  fs::create_directories(s.git_dir + "/refs/tags");
  ks::fuzz::WriteFile(s.git_dir + "/HEAD", "ref: refs/heads/main\n");
}

class CountingDiagnostics : public ks::Diagnostics {
 protected:
  void OnNotice(const std::string&) override {}
  void OnError(const std::string&) override {}
};

void Scan(const std::string& git_dir, bool all_objects) {
  ks::HistoryOptions opts;
  opts.repo = git_dir;
  opts.threads = 1;
  opts.all_objects = all_objects;
  CountingDiagnostics diag;
  auto source = ks::HistorySource::Open(opts, &diag);
  if (!source.ok()) return;
  std::vector<std::string> blobs;
  ks::HistoryVisitors visitors;
  visitors.message = [](const ks::Blob&, const ks::CommitInfo&) {};
  visitors.blob = [&](const ks::Blob& blob, const ks::BlobContext&) {
    blobs.emplace_back(blob.oid);
  };
  if (!source->Run(visitors).ok()) return;
  (void)source->Attribute(blobs, 0);
  (void)source->CommitTips();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Scratch& s = GetScratch();
  Reset(s);
  FuzzedDataProvider fdp(data, size);
  const int objects = fdp.ConsumeIntegralInRange(0, 8);
  for (int i = 0; i < objects; ++i) {
    static constexpr git_object_t kKinds[] = {GIT_OBJECT_COMMIT, GIT_OBJECT_TREE, GIT_OBJECT_BLOB,
                                              GIT_OBJECT_TAG};
    const git_object_t kind = kKinds[fdp.ConsumeIntegralInRange(0, 3)];
    const git_oid& id = s.slots[fdp.ConsumeIntegralInRange(0, kSlots - 1)];
    const std::string body = Expand(fdp.ConsumeRandomLengthString(4096), s.slots);
    GitCheck(s.loose->write(s.loose, &id, body.data(), body.size(), kind), "write object");
  }
  const bool all_objects = fdp.ConsumeBool();
  const int refs = fdp.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < refs; ++i) {
    const char* name = kRefs[fdp.ConsumeIntegralInRange(0, 3)];
    const git_oid& id = s.slots[fdp.ConsumeIntegralInRange(0, kSlots - 1)];
    ks::fuzz::WriteFile(s.git_dir + "/" + name, std::string(git_oid_tostr_s(&id)) + "\n");
  }
  Scan(s.git_dir, all_objects);
  return 0;
}
