// Secret: a detected credential. It has no stream operator and no implicit conversion, so it
// cannot be printed or logged by accident: callers choose Redacted() or, when the user passed
// --show-secrets, Reveal().
#pragma once

#include <string>
#include <string_view>

namespace ks {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The first four bytes and an ellipsis: enough to tell keys apart, useless to an attacker.
  std::string Redacted() const;
  const std::string& Reveal() const { return value_; }
  size_t size() const { return value_.size(); }

  friend bool operator==(const Secret&, const Secret&) = default;
  friend auto operator<=>(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

}  // namespace ks
