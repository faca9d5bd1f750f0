#include "findings/secret.h"

namespace ks {

std::string Secret::Redacted() const {
  constexpr size_t kShown = 4;
  if (value_.size() < kLongSecret) return "\u2026";
  return value_.substr(0, kShown) + "\u2026";
}

}  // namespace ks
