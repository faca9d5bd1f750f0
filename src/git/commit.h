// Commit: one parsed commit (RAII over libgit2's git_commit). Borrows nothing after Lookup
// returns except the Repository, which must outlive it; not thread-safe (see repository.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "git/oid.h"
#include "git/repository.h"
#include "util/result.h"

struct git_commit;

namespace ks::git {

struct Person {
  std::string_view name;
  std::string_view email;
  int64_t time = 0;  // seconds since the epoch
};

class Commit {
 public:
  static Result<Commit> Lookup(const Repository& repo, const Oid& id);

  Oid id() const;
  Oid tree_id() const;
  size_t parent_count() const;
  Oid parent_id(size_t i) const;
  Person author() const;
  int64_t commit_time() const;
  // The message exactly as stored (with its encoding, if any, unconverted).
  std::string_view message() const;

 private:
  Commit() = default;
  struct Free {
    void operator()(git_commit* c) const;
  };
  std::unique_ptr<git_commit, Free> commit_;
};

// `unix_seconds` as ISO 8601 in UTC, e.g. 2024-01-02T03:04:05Z.
std::string IsoUtc(int64_t unix_seconds);

}  // namespace ks::git
