// Fuzz target: the references of a repository keysweep does not trust: a `packed-refs` file
// (libgit2 parses it) and one loose reference, over the objects of fuzz/data/base.pack
// (commits, trees, blobs, an annotated tag). The input is the packed-refs text, then
// optionally a NUL and the content of refs/heads/loose (an id, or "ref: <name>" to make
// symbolic chains and loops). git::AllTips, git::HasReferences and git::ResolveCommit on a few
// revisions must end and never crash; what cannot be resolved is a diagnostic or an error; and
// AllTips given the peelings of a first call (a --state re-scan) finds the same tips.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "git/refs.h"
#include "git/repository.h"
#include "scratch_repo.h"
#include "util/diagnostics.h"

namespace {

namespace fs = std::filesystem;

const std::string& GitDir() {
  static const std::string dir = [] {
    std::string d = ks::fuzz::MakeScratchDir("packed-refs");
    ks::fuzz::InitBare(d);
    const std::string stem = d + "/objects/pack/pack-" + std::string(40, 'b');
    ks::fuzz::WriteFile(stem + ".pack", ks::fuzz::ReadFile(KS_FUZZ_DATA_DIR "/base.pack"));
    ks::fuzz::WriteFile(stem + ".idx", ks::fuzz::ReadFile(KS_FUZZ_DATA_DIR "/base.idx"));
    return d;
  }();
  return dir;
}

class QuietDiagnostics : public ks::Diagnostics {
 protected:
  void OnNotice(const std::string&) override {}
  void OnError(const std::string&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& dir = GitDir();
  const std::string_view input = ks::fuzz::AsText(data, size);
  const size_t nul = input.find('\0');
  std::error_code ec;
  fs::remove_all(dir + "/refs/heads", ec);
  fs::remove_all(dir + "/refs/tags", ec);
  fs::create_directories(dir + "/refs/heads");
  fs::create_directories(dir + "/refs/tags");
  ks::fuzz::WriteFile(dir + "/packed-refs", input.substr(0, nul));
  if (nul != std::string_view::npos) {
    ks::fuzz::WriteFile(dir + "/refs/heads/loose", input.substr(nul + 1));
  }

  auto repo = ks::git::Repository::OpenGitDir(dir);
  FUZZ_CHECK(repo.ok());  // references never stop a repository from opening
  QuietDiagnostics diag;
  const std::vector<ks::git::Tip> tips = ks::git::AllTips(*repo, &diag);
  (void)ks::git::HasReferences(*repo);
  // A second call with the first one's peelings must find the same tips (--state re-scans).
  const std::vector<ks::git::Tip> peeled = ks::git::Peelings(tips);
  QuietDiagnostics again;
  // Only after a clean first call: libgit2 1.5 fails on a packed-refs file it cannot parse the
  // first time (reported: "cannot list references") but caches it as empty for the next.
  if (diag.errors() == 0) FUZZ_CHECK(ks::git::AllTips(*repo, &again, peeled) == tips);
  // libgit2 1.5's git_revparse leaks the reference when the object it names is missing (a
  // revision the user gives, once a run): resolved only when every reference peeled.
  if (diag.errors() != 0 || again.errors() != 0) return 0;
  for (const char* rev :
       {"main", "v1", "loose", "HEAD", "refs/heads/loose", "v1^{commit}", "HEAD~1", "loose^2"}) {
    (void)ks::git::ResolveCommit(*repo, rev);
  }
  return 0;
}
