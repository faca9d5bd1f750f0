// Helpers shared by the fuzz targets that read a scratch repository on disk: one private
// directory per process (removed at exit), files rewritten for every input, and libgit2 set up
// as keysweep sets it up, with no user or system configuration in the way and no single
// allocation over kMaxAllocation.
#pragma once

#include <git2.h>
#include <git2/sys/alloc.h>
#include <stdlib.h>  // mkdtemp
#include <string.h>  // strdup, strndup
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "git_check.h"

namespace ks::fuzz {

// libgit2 allocates what an object's header claims before it inflates a byte (a pack entry or
// a delta base can claim 4 GiB in five bytes): on Linux an untouched allocation costs nothing,
// but libFuzzer counts it against its malloc limit (2 GiB) and stops. Past kMaxAllocation this
// allocator fails instead, as a machine without the memory would, and libgit2 reports that.
constexpr size_t kMaxAllocation = size_t{256} << 20;

inline bool TooLarge(size_t n, size_t m = 1) { return m != 0 && n > kMaxAllocation / m; }

// The C library's allocator (libgit2's stdalloc is not exported), with the limit.
inline void LimitLibgit2Allocations() {
  static git_allocator limited = [] {
    git_allocator a{};
    a.gmalloc = [](size_t n, const char*, int) { return TooLarge(n) ? nullptr : std::malloc(n); };
    a.gcalloc = [](size_t n, size_t m, const char*, int) {
      return TooLarge(n, m) ? nullptr : std::calloc(n, m);
    };
    a.gstrdup = [](const char* str, const char*, int) { return ::strdup(str); };
    a.gstrndup = [](const char* str, size_t n, const char*, int) { return ::strndup(str, n); };
    a.gsubstrdup = [](const char* str, size_t n, const char*, int) {
      if (TooLarge(n, 1) || n == SIZE_MAX) return static_cast<char*>(nullptr);
      auto* out = static_cast<char*>(std::malloc(n + 1));
      if (out != nullptr) {
        std::memcpy(out, str, n);
        out[n] = '\0';
      }
      return out;
    };
    a.grealloc = [](void* p, size_t n, const char*, int) {
      return TooLarge(n) ? nullptr : std::realloc(p, n);
    };
    a.greallocarray = [](void* p, size_t n, size_t m, const char*, int) {
      return TooLarge(n, m) ? nullptr : std::realloc(p, n * m);
    };
    a.gmallocarray = [](size_t n, size_t m, const char*, int) {
      return TooLarge(n, m) ? nullptr : std::malloc(n * m);
    };
    a.gfree = [](void* p) { std::free(p); };
    return a;
  }();
  GitCheck(git_libgit2_opts(GIT_OPT_SET_ALLOCATOR, &limited), "allocator");
}

// A new directory under /dev/shm or the temporary directory, removed when the process exits
// normally (a crash leaves it for the reproducer's author to look at).
inline std::string MakeScratchDir(const char* name) {
  LimitLibgit2Allocations();
  git_libgit2_init();
  // Neither the user's nor the system's git configuration may change what is tested.
  for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                    GIT_CONFIG_LEVEL_PROGRAMDATA}) {
    GitCheck(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, ""), "config search path");
  }
  // In memory where there is a tmpfs: every input rewrites files and directories, which on a
  // disk file system costs more than the code under test.
  std::error_code ec;
  const std::filesystem::path base =
      std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
          ? std::filesystem::path("/dev/shm")
          : std::filesystem::temp_directory_path();
  const std::string tmp = (base / (std::string("ks-fuzz-") + name + "-XXXXXX")).string();
  std::vector<char> dir(tmp.begin(), tmp.end());
  dir.push_back('\0');
  if (::mkdtemp(dir.data()) == nullptr) GitCheck(-1, "mkdtemp");
  static std::vector<std::string> made;
  if (made.empty()) {
    std::atexit([] {
      std::error_code ec;
      for (const std::string& d : made) std::filesystem::remove_all(d, ec);
    });
  }
  made.emplace_back(dir.data());
  return dir.data();
}

// `content` as the whole of `path` (created or truncated).
inline void WriteFile(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) GitCheck(-1, ("write " + path).c_str());
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) GitCheck(-1, ("read " + path).c_str());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An empty bare repository at `dir` (made by libgit2), HEAD on refs/heads/main.
inline void InitBare(const std::string& dir) {
  git_repository* raw = nullptr;
  GitCheck(git_repository_init(&raw, dir.c_str(), /*is_bare=*/1), "git init");
  GitCheck(git_repository_set_head(raw, "refs/heads/main"), "HEAD");
  git_repository_free(raw);
}

}  // namespace ks::fuzz
