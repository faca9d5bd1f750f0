// Secret: a detected credential. It has no stream operator and no implicit conversion, so it
// cannot be printed or logged by accident: callers choose Redacted() or, when the user passed
// --show-secrets, Reveal().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ks {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // Secrets shorter than this are "short": nothing of them is shown, and their fingerprint is
  // memory-hard (findings/finding.h). Every built-in rule's secret is at least this long.
  static constexpr size_t kLongSecret = 20;

  // For a long secret, its first four bytes and an ellipsis: enough to tell keys apart, useless
  // to an attacker (16 or more characters stay unknown). For a short one, only the ellipsis:
  // four characters of an eight-character token would leave only four to guess, and the
  // length is not shown either.
  std::string Redacted() const;
  const std::string& Reveal() const { return value_; }
  size_t size() const { return value_.size(); }

  friend bool operator==(const Secret&, const Secret&) = default;
  friend auto operator<=>(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

}  // namespace ks
