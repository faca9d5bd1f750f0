#include "baseline/gitleaks_ignore.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "config/paths.h"
#include "util/file.h"
#include "util/text.h"

namespace ks::baseline {
namespace {

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

std::string Key(std::string_view path, uint64_t line) { return fmt::format("{}:{}", line, path); }

// Split from the right, because a path may itself hold ':' characters.
std::optional<GitleaksFingerprint> ParseLine(std::string_view s) {
  const size_t c3 = s.rfind(':');
  if (c3 == std::string_view::npos || c3 == 0) return std::nullopt;
  const size_t c2 = s.rfind(':', c3 - 1);
  if (c2 == std::string_view::npos || c2 == 0) return std::nullopt;
  GitleaksFingerprint fp;
  const std::string_view line = s.substr(c3 + 1);
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), fp.line);
  if (ec != std::errc() || end != line.data() + line.size() || fp.line == 0) return std::nullopt;
  fp.rule = std::string(s.substr(c2 + 1, c3 - c2 - 1));
  std::string_view rest = s.substr(0, c2);
  const size_t c1 = rest.find(':');
  if (c1 != std::string_view::npos && c1 >= 7 && c1 <= 40 && IsHex(rest.substr(0, c1))) {
    fp.commit = std::string(rest.substr(0, c1));
    std::transform(fp.commit.begin(), fp.commit.end(), fp.commit.begin(),
                   [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c + 32) : c; });
    rest.remove_prefix(c1 + 1);
  }
  while (rest.starts_with("./")) rest.remove_prefix(2);
  if (rest.empty() || fp.rule.empty()) return std::nullopt;
  fp.path = std::string(rest);
  return fp;
}

}  // namespace

GitleaksIgnoreFile ParseGitleaksIgnore(std::string_view text) {
  GitleaksIgnoreFile out;
  int number = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++number;
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (auto fp = ParseLine(line)) {
      out.entries.push_back(std::move(*fp));
    } else {
      out.bad_lines.push_back(number);
    }
  }
  return out;
}

Result<std::optional<GitleaksIgnoreFile>> LoadGitleaksIgnore(const std::string& root) {
  namespace fs = std::filesystem;
  const std::string file = (fs::path(root) / kGitleaksIgnoreName).string();
  std::error_code ec;
  if (root.empty() || !fs::exists(fs::symlink_status(file, ec))) {
    return std::optional<GitleaksIgnoreFile>();
  }
  if (!config::IsInside(file, root)) {
    return MakeError(ErrorKind::kInput, fmt::format("{}: cannot read it inside {}", file, root));
  }
  auto text = ReadRegularFile(file);
  if (!text.ok()) return text.error();
  return std::optional<GitleaksIgnoreFile>(ParseGitleaksIgnore(*text));
}

GitleaksIgnore::GitleaksIgnore(const std::vector<GitleaksFingerprint>& entries)
    : size_(entries.size()) {
  for (const GitleaksFingerprint& e : entries) commits_[Key(e.path, e.line)].push_back(e.commit);
}

bool GitleaksIgnore::Matches(std::string_view path, uint64_t line,
                             const std::optional<std::string>& commit) const {
  const auto it = commits_.find(Key(path, line));
  if (it == commits_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const std::string& c) {
    return c.empty() || (commit && commit->starts_with(c));
  });
}

}  // namespace ks::baseline
