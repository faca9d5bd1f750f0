#include "git/commit.h"

#include <fmt/format.h>

#include <ctime>

#include "git/handles.h"

namespace ks::git {

void Commit::Free::operator()(git_commit* c) const { git_commit_free(c); }

Result<Commit> Commit::Lookup(const Repository& repo, const Oid& id) {
  const git_oid gid = ToGit(id);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, Raw(repo), &gid) != 0) {
    return LastError(fmt::format("commit {}", id.Hex()));
  }
  Commit c;
  c.commit_.reset(raw);
  return c;
}

Oid Commit::id() const { return FromGit(*git_commit_id(commit_.get())); }

Oid Commit::tree_id() const { return FromGit(*git_commit_tree_id(commit_.get())); }

size_t Commit::parent_count() const { return git_commit_parentcount(commit_.get()); }

Oid Commit::parent_id(size_t i) const {
  return FromGit(*git_commit_parent_id(commit_.get(), static_cast<unsigned int>(i)));
}

Person Commit::author() const {
  const git_signature* sig = git_commit_author(commit_.get());
  return Person{sig->name ? sig->name : "", sig->email ? sig->email : "", sig->when.time};
}

int64_t Commit::commit_time() const { return git_commit_time(commit_.get()); }

std::string_view Commit::message() const {
  const char* raw = git_commit_message_raw(commit_.get());
  return raw ? std::string_view(raw) : std::string_view();
}

std::string IsoUtc(int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "";
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace ks::git
