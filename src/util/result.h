// Result<T, E>: the value of an operation that can fail in an expected way.
//
// keysweep does not let exceptions cross module boundaries. A function that can fail for reasons
// the user must hear about (a bad rule, an unreadable file, a broken repository) returns a
// Result<T>; the CLI turns the Error into a message and exit code 2. A module whose callers must
// tell failures apart by more than a message (verify/http_client.h: retry a timeout, not a TLS
// failure) names its own error type E instead.
//
// A Result is a plain value: not thread-safe beyond what T and E are, no shared state.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace ks {

enum class ErrorKind {
  kUsage,       // bad flags or arguments
  kInput,       // a file, directory or stdin that cannot be read
  kRules,       // a rule that fails validation
  kEngine,      // Hyperscan or RE2 rejected something
  kRepository,  // a git repository that cannot be opened or read
  kInternal,    // a bug: should never reach a user
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
};

inline Error MakeError(ErrorKind kind, std::string message) {
  return Error{kind, std::move(message)};
}

// T and E must be different types, so that the implicit constructors cannot be ambiguous.
template <typename T, typename E = Error>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, E>, "a Result's value and error types must differ");

 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { return std::get<1>(v_); }
  E&& take_error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, E> v_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace ks
