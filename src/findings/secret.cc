#include "findings/secret.h"

namespace ks {

std::string Secret::Redacted() const {
  constexpr size_t kShown = 4;
  if (value_.size() <= kShown) return std::string(value_.size(), '*');
  return value_.substr(0, kShown) + "\u2026";
}

}  // namespace ks
