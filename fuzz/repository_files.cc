// Fuzz target: git::CheckRepositoryFiles, which looks at the files of a git directory before
// libgit2 opens them with blocking reads (issue #27 item 4: a FIFO as `.git/config`, as an
// include.path target or as `objects/info/alternates` hung the scan forever).
//
// The input is the repository's `config`, then optionally a NUL and its
// `objects/info/alternates`. The scratch directory, made once per process, holds what they can
// point at: a FIFO (`fifo`), a directory (`dir`), a symbolic link to the FIFO
// (`link-to-fifo`), regular configurations that include each other (`regular.cfg`,
// `chain.cfg`), and an object directory whose alternates file is a FIFO (`fifo-objects`);
// HOME is the scratch directory, for `~/` includes. The check must never block (libFuzzer's
// -timeout catches that) nor crash, and its only error is a kRepository one naming the path.
#include "git/repository_files.h"

#include <stdlib.h>  // setenv
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "scratch_repo.h"

namespace {

namespace fs = std::filesystem;

void MakeFifo(const std::string& path) {
  if (::mkfifo(path.c_str(), 0600) != 0) ks::fuzz::GitCheck(-1, ("mkfifo " + path).c_str());
}

std::string MakeScratch() {
  const std::string root = ks::fuzz::MakeScratchDir("repository-files");
  MakeFifo(root + "/fifo");
  fs::create_directories(root + "/dir");
  fs::create_symlink(root + "/fifo", root + "/link-to-fifo");
  ks::fuzz::WriteFile(root + "/regular.cfg", "[core]\n\tbare = true\n");
  ks::fuzz::WriteFile(root + "/chain.cfg", "[include]\n\tpath = regular.cfg\n");
  fs::create_directories(root + "/fifo-objects/info");
  MakeFifo(root + "/fifo-objects/info/alternates");
  const std::string git_dir = root + "/repo.git";
  ks::fuzz::InitBare(git_dir);
  ::setenv("HOME", root.c_str(), 1);
  return git_dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string git_dir = MakeScratch();
  const std::string_view input = ks::fuzz::AsText(data, size);
  const size_t nul = input.find('\0');
  ks::fuzz::WriteFile(git_dir + "/config", input.substr(0, nul));
  const std::string alternates = git_dir + "/objects/info/alternates";
  if (nul != std::string_view::npos) {
    ks::fuzz::WriteFile(alternates, input.substr(nul + 1));
  } else {
    ::unlink(alternates.c_str());
  }
  const ks::Status s = ks::git::CheckRepositoryFiles(git_dir);
  if (!s) {
    FUZZ_CHECK(s.error().kind == ks::ErrorKind::kRepository);
    FUZZ_CHECK(s.error().message.find("not a regular file") != std::string::npos);
  }
  return 0;
}
