#include "aws/examples.h"

#include <algorithm>
#include <bitset>

namespace ks::aws {
namespace {

size_t LongestRun(std::string_view s) {
  size_t best = 0, run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    run = (i > 0 && s[i] == s[i - 1]) ? run + 1 : 1;
    best = std::max(best, run);
  }
  return best;
}

size_t DistinctBytes(std::string_view s) {
  std::bitset<256> seen;
  for (unsigned char c : s) seen.set(c);
  return seen.count();
}

}  // namespace

// AWS marks its documentation keys with EXAMPLE; a real key's random tail contains it only by
// astronomically unlikely chance. A placeholder repeats one character or uses very few.
Realness ClassifyRealness(std::string_view secret) {
  if (secret.find("EXAMPLE") != std::string_view::npos) return Realness::kDocExample;
  const std::string_view tail = secret.size() == 20 ? secret.substr(4) : secret;
  // Base64 has 64 symbols, so the distinct-count test scales with length only up to that.
  const size_t few = std::min<size_t>(tail.size(), 64) / 4;
  if (LongestRun(tail) >= 6 || DistinctBytes(tail) <= few) return Realness::kPlaceholder;
  return Realness::kReal;
}

}  // namespace ks::aws
