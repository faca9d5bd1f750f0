// The repositories one `keysweep history` run scans: --repo (repeatable) and --repos-from FILE,
// narrowed by --shard K/N so that many machines can split an organisation's list between them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace ks {

struct Shard {
  int index = 1;  // K, 1-based as in `split -n K/N`
  int count = 1;  // N
};

// "K/N" with 1 ≤ K ≤ N ≤ 10000.
Result<Shard> ParseShard(std::string_view text);

// True when `spec` belongs to the shard. The choice hashes the spec itself (SHA-256), not its
// position in the list, so adding a repository to the list never moves the others between
// shards, and every machine decides alike without talking to the others.
bool InShard(std::string_view spec, const Shard& shard);

// One path or clone URL per line; blank lines and lines starting with '#' are skipped, and
// surrounding whitespace is trimmed. Errors name the file.
Result<std::vector<std::string>> ReadRepoList(const std::string& path);

// The repositories of a run: `repos`, then those listed in `repos_from` (if not empty), each
// once, narrowed to `shard` ("K/N"; empty: all); "." when neither names any.
Result<std::vector<std::string>> RepoSpecs(std::vector<std::string> repos,
                                           const std::string& repos_from, const std::string& shard);

// `repos` then the file's entries, each once (first occurrence wins), then only the shard's.
std::vector<std::string> SelectRepos(std::vector<std::string> repos, const Shard& shard);

}  // namespace ks
