// Path globs for the configuration's allowlisted paths.
//
// fnmatch(3) with FNM_PATHNAME semantics plus `**`: `*`, `?` and `[...]` never match a `/`, while
// `**` matches anything including `/`, and `**/` also matches no directory at all (`a/**/b`
// matches `a/b`). `\` makes the next character literal. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace ks::config {

// The longest pattern matched. The matcher recurses once per step it takes in the pattern and
// memoises (pattern × path) states, so a pattern must stay short: a repository's configuration
// is hostile input, and 300,000 `*` overflowed the stack. The configuration refuses longer globs
// (config.h); the matchers below never match one.
inline constexpr size_t kMaxGlobLength = 1024;

// The whole of `path` against the whole of `pattern`; false if `pattern` is over kMaxGlobLength.
bool GlobMatch(std::string_view pattern, std::string_view path);

// The allowlist rule, like .gitignore: a pattern without a `/` is matched against every component
// of `path` (`*.md`, `node_modules`); one with a `/` against the whole path and against each of
// its leading directories (`docs/**`, `tests/fixtures` both cover `tests/fixtures/a/b`). A leading
// `/` or `./` anchors nothing more (every pattern is relative to the root already) and is ignored.
bool PathGlobMatches(std::string_view pattern, std::string_view path);

}  // namespace ks::config
