#include "scan/extract.h"

#include <re2/re2.h>

#include <algorithm>

namespace ks {

bool NextRawMatch(const Rule& rule, const re2::RE2& re, std::string_view text, size_t begin,
                  size_t end, RawMatch* out) {
  constexpr int kMaxGroups = 100;  // the loader caps group numbers at 99
  re2::StringPiece subs[kMaxGroups];
  const int n = 1 + *std::max_element(rule.secret_groups.begin(), rule.secret_groups.end());
  if (!re.Match(re2::StringPiece(text.data(), text.size()), begin, end, re2::RE2::UNANCHORED, subs,
                n)) {
    return false;
  }
  *out = RawMatch{};
  out->begin = static_cast<size_t>(subs[0].data() - text.data());
  out->end = out->begin + subs[0].size();
  for (int g : rule.secret_groups) {
    if (subs[g].data() == nullptr || subs[g].empty()) continue;
    out->secret_begin = static_cast<size_t>(subs[g].data() - text.data());
    out->secret_end = out->secret_begin + subs[g].size();
    break;
  }
  return true;
}

}  // namespace ks
