// The accounts that mint canary tokens, parsed from patterns/data/canary-accounts.txt (embedded
// in the binary). Immutable after Parse(); safe to share between threads.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace ks::aws {

class CanaryAccounts {
 public:
  // One 12-digit account per line; blank lines and '#' comments ignored; other lines skipped.
  static CanaryAccounts Parse(std::string_view text);
  bool Contains(std::string_view account) const {
    return accounts_.count(std::string(account)) > 0;
  }
  size_t size() const { return accounts_.size(); }

 private:
  std::set<std::string> accounts_;
};

}  // namespace ks::aws
