#include "aws/canaries.h"

#include <algorithm>

#include "util/text.h"

namespace ks::aws {

CanaryAccounts CanaryAccounts::Parse(std::string_view text) {
  CanaryAccounts out;
  for (std::string_view line : DataLines(text)) {
    const bool digits =
        std::all_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (line.size() == 12 && digits) out.accounts_.insert(std::string(line));
  }
  return out;
}

}  // namespace ks::aws
