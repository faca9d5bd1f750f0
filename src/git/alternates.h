// AlternateDirs: the object directories a repository borrows objects from, as its
// `objects/info/alternates` lists them. One reader for everything that follows alternates (the
// object database keysweep builds, pack order, the file checks), so they all agree on what an
// alternate is.
#pragma once

#include <filesystem>
#include <vector>

namespace ks::git {

// Git follows alternates at most this deep (an alternate's own alternates count as one more).
constexpr int kMaxAlternateDepth = 5;

// The directories `objects_dir/info/alternates` names, one per line; relative ones are relative
// to `objects_dir`. Blank lines, comments and C-quoted paths (rare) are skipped; a missing or
// unreadable file (a FIFO, say: it is never waited on) names none.
std::vector<std::filesystem::path> AlternateDirs(const std::filesystem::path& objects_dir);

}  // namespace ks::git
