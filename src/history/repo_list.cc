#include "history/repo_list.h"

#include <charconv>
#include <fstream>
#include <set>

#include "util/sha256.h"
#include "util/text.h"

namespace ks {
namespace {

constexpr int kMaxShards = 10000;

bool ParseInt(std::string_view s, int* out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<Shard> ParseShard(std::string_view text) {
  const size_t slash = text.find('/');
  Shard s;
  const bool parsed = slash != std::string_view::npos &&
                      ParseInt(text.substr(0, slash), &s.index) &&
                      ParseInt(text.substr(slash + 1), &s.count);
  if (!parsed || s.count < 1 || s.count > kMaxShards || s.index < 1 || s.index > s.count) {
    return MakeError(ErrorKind::kUsage,
                     "--shard takes K/N with 1 <= K <= N <= 10000, e.g. --shard 2/8");
  }
  return s;
}

bool InShard(std::string_view spec, const Shard& shard) {
  if (shard.count == 1) return true;  // and no hash: the first one costs OpenSSL's start-up
  const std::string hex = Sha256Hex(spec);
  uint64_t h = 0;
  std::from_chars(hex.data(), hex.data() + 15, h, 16);
  return static_cast<int>(h % static_cast<uint64_t>(shard.count)) == shard.index - 1;
}

Result<std::vector<std::string>> ReadRepoList(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorKind::kInput, "cannot read the repository list " + path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    const std::string_view entry = Trim(line);
    if (!entry.empty() && entry.front() != '#') out.emplace_back(entry);
  }
  if (in.bad()) return MakeError(ErrorKind::kInput, "cannot read the repository list " + path);
  return out;
}

std::vector<std::string> SelectRepos(std::vector<std::string> repos, const Shard& shard) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (std::string& r : repos) {
    if (seen.insert(r).second && InShard(r, shard)) out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<std::string>> RepoSpecs(std::vector<std::string> repos,
                                           const std::string& repos_from,
                                           const std::string& shard) {
  if (!repos_from.empty()) {
    auto listed = ReadRepoList(repos_from);
    if (!listed.ok()) return listed.error();
    repos.insert(repos.end(), listed->begin(), listed->end());
  }
  if (repos.empty()) repos.push_back(".");
  Shard parsed;
  if (!shard.empty()) {
    auto s = ParseShard(shard);
    if (!s.ok()) return s.error();
    parsed = *s;
  }
  return SelectRepos(std::move(repos), parsed);
}

}  // namespace ks
