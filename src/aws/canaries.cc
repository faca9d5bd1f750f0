#include "aws/canaries.h"

#include <algorithm>
#include <cctype>

namespace ks::aws {

CanaryAccounts CanaryAccounts::Parse(std::string_view text) {
  CanaryAccounts out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    line = line.substr(0, line.find('#'));
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
      line.remove_suffix(1);
    const bool digits =
        std::all_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (line.size() == 12 && digits) out.accounts_.insert(std::string(line));
  }
  return out;
}

}  // namespace ks::aws
