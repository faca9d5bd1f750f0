// For the fuzz targets that drive libgit2 directly: a libgit2 call that must succeed (setting up
// a scratch repository, writing an input into it). Its failure is a broken harness, not a finding,
// so it aborts with libgit2's message rather than through FUZZ_CHECK.
#pragma once

#include <git2.h>

#include <cstdio>
#include <cstdlib>

namespace ks::fuzz {

inline void GitCheck(int rc, const char* what) {
  if (rc == 0) return;
  const git_error* e = git_error_last();
  std::fprintf(stderr, "fuzzer setup: %s: %s\n", what, e ? e->message : "?");
  std::abort();
}

}  // namespace ks::fuzz
