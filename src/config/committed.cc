#include "config/committed.h"

#include <fmt/format.h>

namespace ks::config {
namespace {

bool IsRuleFileName(std::string_view name) {
  return name.ends_with(".yaml") || name.ends_with(".yml");
}

bool PlainComponents(std::string_view path) {
  for (size_t start = 0;;) {
    const size_t slash = path.find('/', start);
    const std::string_view part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

Error EntryError(const Config& c, const Located& at, std::string_view key, std::string_view why) {
  return MakeError(ErrorKind::kUsage, fmt::format("{}: {}: {}", Where(c, at.line), key, why));
}

// One extra_rules entry: a rule file, or a directory's rule files.
Status AddRules(const CommittedTree& tree, const Config& c, const Located& entry,
                std::vector<RuleSource>* out, std::vector<std::string>* read_paths) {
  auto path = CommittedPath(c, entry);
  if (!path.ok()) return path.error();
  auto listing = tree.List(*path);
  if (!listing.ok()) return EntryError(c, entry, "extra_rules", listing.error().message);
  std::vector<std::string> files;
  if (*listing) {
    read_paths->push_back(*path + "/");
    for (const CommittedTree::Entry& e : **listing) {
      if (e.regular_file && IsRuleFileName(e.name)) files.push_back(*path + "/" + e.name);
    }
    if (files.empty())
      return EntryError(c, entry, "extra_rules", tree.Label(*path) + ": no *.yaml rule files");
  } else {
    read_paths->push_back(*path);
    files.push_back(*path);
  }
  for (const std::string& file : files) {
    auto text = tree.Read(file, kMaxCommittedConfig);
    if (!text.ok()) return EntryError(c, entry, "extra_rules", text.error().message);
    if (!*text)
      return EntryError(c, entry, "extra_rules", tree.Label(file) + ": no such file or directory");
    out->push_back(RuleSource{tree.Label(file), std::move(**text)});
  }
  return {};
}

}  // namespace

std::string CommittedTree::Label(std::string_view path) const {
  return fmt::format("{}:{}", revision(), path);
}

Result<std::string> CommittedPath(const Config& c, const Located& written) {
  std::string_view path = written.value;
  while (path.starts_with("./")) path.remove_prefix(2);
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  if (path.starts_with('/') || !PlainComponents(path)) {
    return MakeError(ErrorKind::kUsage,
                     fmt::format("{}: '{}': a committed configuration names files by their "
                                 "repository path (relative, no '.' or '..')",
                                 Where(c, written.line), written.value));
  }
  return std::string(path);
}

Result<std::vector<RuleSource>> CommittedRules(const CommittedTree& tree, const Config& c,
                                               std::vector<std::string>* read_paths) {
  std::vector<RuleSource> sources;
  for (const Located& entry : c.extra_rules) {
    if (Status s = AddRules(tree, c, entry, &sources, read_paths); !s) return s.error();
  }
  return sources;
}

}  // namespace ks::config
