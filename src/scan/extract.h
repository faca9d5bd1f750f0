// One RE2 match and the secret inside it, shared by the scanner and `rules check` so both
// judge a candidate identically.
#pragma once

#include <cstddef>
#include <string_view>

#include "rules/rule.h"

namespace re2 {
class RE2;
}

namespace ks {

struct RawMatch {
  size_t begin = 0, end = 0;                // the whole match
  size_t secret_begin = 0, secret_end = 0;  // empty when no secret group took part
  bool has_secret() const { return secret_end > secret_begin; }
};

// Finds the leftmost match of `re` starting in [begin, end) and ending by `end`, with the secret
// taken from the first of rule.secret_groups that took part. `text` is the whole buffer, so
// anchors and word boundaries see the real context.
bool NextRawMatch(const Rule& rule, const re2::RE2& re, std::string_view text, size_t begin,
                  size_t end, RawMatch* out);

}  // namespace ks
