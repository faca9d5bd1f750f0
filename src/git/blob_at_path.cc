#include "git/blob_at_path.h"

#include <fmt/format.h>

#include "git/commit.h"

namespace ks::git {
namespace {

Error PathError(std::string_view path, std::string_view why) {
  return MakeError(ErrorKind::kRepository, fmt::format("{}: {}", path, why));
}

// The components of `path`, or an error for one that is empty, "." or "..".
Result<std::vector<std::string_view>> Components(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty()) return parts;
  for (size_t start = 0;;) {
    const size_t slash = path.find('/', start);
    const std::string_view part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") {
      return PathError(path, "not a plain relative path");
    }
    parts.push_back(part);
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

PathEntry Own(const RawEntry& e) { return PathEntry{std::string(e.name), e.oid(), e.mode, e.kind}; }

std::optional<PathEntry> Find(const RawTree& tree, std::string_view name) {
  for (size_t i = 0; i < tree.size(); ++i) {
    if (tree[i].name == name) return Own(tree[i]);
  }
  return std::nullopt;
}

PathEntry RootEntry(const Oid& tree) { return PathEntry{"", tree, 040000, EntryKind::kTree}; }

}  // namespace

Result<std::optional<PathEntry>> LookupPath(const Repository& repo, const Oid& commit,
                                            std::string_view path) {
  auto parts = Components(path);
  if (!parts.ok()) return parts.error();
  auto c = Commit::Lookup(repo, commit);
  if (!c.ok()) return c.error();
  std::optional<PathEntry> entry = RootEntry(c->tree_id());
  for (std::string_view part : *parts) {
    if (entry->kind != EntryKind::kTree) return std::optional<PathEntry>();
    auto tree = RawTree::Read(repo, entry->id);
    if (!tree.ok()) return tree.error();
    entry = Find(*tree, part);
    if (!entry) return entry;
  }
  return entry;
}

Result<std::string> ReadBlobLimited(const Repository& repo, const Oid& id, uint64_t max_size,
                                    std::string_view what) {
  auto header = repo.ReadHeader(id);
  if (!header.ok()) return header.error();
  if (header->type != ObjectType::kBlob) return PathError(what, "not a blob");
  if (header->size > max_size) {
    return PathError(what, fmt::format("{} bytes, over the limit of {}", header->size, max_size));
  }
  auto object = repo.Read(id);
  if (!object.ok()) return object.error();
  if (object->data().size() > max_size) {
    return PathError(what, fmt::format("over the limit of {} bytes", max_size));
  }
  return std::string(object->data());
}

Result<std::optional<std::string>> ReadBlobAtPath(const Repository& repo, const Oid& commit,
                                                  std::string_view path, uint64_t max_size) {
  auto entry = LookupPath(repo, commit, path);
  if (!entry.ok()) return entry.error();
  if (!*entry) return std::optional<std::string>();
  if (!(*entry)->regular_file()) return PathError(path, "not a regular file");
  auto bytes = ReadBlobLimited(repo, (*entry)->id, max_size, path);
  if (!bytes.ok()) return bytes.error();
  return std::optional<std::string>(std::move(bytes).value());
}

Result<std::optional<std::vector<PathEntry>>> ListTreeAtPath(const Repository& repo,
                                                             const Oid& commit,
                                                             std::string_view path) {
  using Listing = std::optional<std::vector<PathEntry>>;
  auto entry = LookupPath(repo, commit, path);
  if (!entry.ok()) return entry.error();
  if (!*entry) return Listing();
  if ((*entry)->kind != EntryKind::kTree) return PathError(path, "not a directory");
  auto tree = RawTree::Read(repo, (*entry)->id);
  if (!tree.ok()) return tree.error();
  std::vector<PathEntry> entries;
  for (size_t i = 0; i < tree->size(); ++i) entries.push_back(Own((*tree)[i]));
  return Listing(std::move(entries));
}

}  // namespace ks::git
