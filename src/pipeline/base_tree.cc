#include "pipeline/base_tree.h"

#include "git/blob_at_path.h"
#include "git/refs.h"
#include "git/repository.h"

namespace ks {
namespace {

// Holds the repository open for the session's set-up; one thread, like the Repository.
class BaseTree : public config::CommittedTree {
 public:
  BaseTree(git::Repository repo, git::Oid commit, std::string revision)
      : repo_(std::move(repo)), commit_(commit), revision_(std::move(revision)) {}

  const std::string& revision() const override { return revision_; }

  Result<std::optional<std::string>> Read(std::string_view path, uint64_t max_size) const override {
    auto bytes = git::ReadBlobAtPath(repo_, commit_, path, max_size);
    if (!bytes.ok()) return Named(bytes.error());
    return bytes;
  }

  Result<std::optional<std::vector<Entry>>> List(std::string_view path) const override {
    using Listing = std::optional<std::vector<Entry>>;
    auto entry = git::LookupPath(repo_, commit_, path);
    if (!entry.ok()) return Named(entry.error());
    if (!*entry || (*entry)->kind != git::EntryKind::kTree) return Listing();
    auto listed = git::ListTreeAtPath(repo_, commit_, path);
    if (!listed.ok()) return Named(listed.error());
    std::vector<Entry> entries;
    for (const git::PathEntry& e : **listed) entries.push_back(Entry{e.name, e.regular_file()});
    return Listing(std::move(entries));
  }

 private:
  Error Named(const Error& e) const { return MakeError(e.kind, revision_ + ":" + e.message); }

  git::Repository repo_;
  git::Oid commit_;
  std::string revision_;
};

}  // namespace

Result<std::shared_ptr<const config::CommittedTree>> OpenBaseTree(const std::string& repo,
                                                                  const std::string& revision) {
  auto r = git::Repository::Discover(repo);
  if (!r.ok()) return r.error();
  auto commit = git::ResolveCommit(*r, revision);
  if (!commit.ok()) return commit.error();
  return std::shared_ptr<const config::CommittedTree>(
      std::make_shared<BaseTree>(std::move(r).value(), *commit, revision));
}

std::string RangeBase(const std::vector<std::string>& exclude) {
  return exclude.empty() ? std::string() : exclude.front();
}

}  // namespace ks
