// Unit tests for src/util/result.h with an error type of the module's own (Result<T, E>).
#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "util/result.h"

namespace ks {
namespace {

enum class Fault { kTimeout, kRefused };

struct ModuleError {
  Fault fault = Fault::kRefused;
  std::string message;
};

Result<int, ModuleError> Parse(const std::string& s) {
  if (s.empty()) return ModuleError{Fault::kTimeout, "nothing came"};
  return static_cast<int>(s.size());
}

TEST(ResultErrorTypeTest, HoldsTheValueOrTheModulesOwnError) {
  const auto good = Parse("abc");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  const auto bad = Parse("");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fault, Fault::kTimeout);  // callers branch on the kind, not the text
  EXPECT_EQ(bad.error().message, "nothing came");
}

TEST(ResultErrorTypeTest, TakeErrorMovesTheModulesError) {
  ModuleError e = Parse("").take_error();
  EXPECT_EQ(e.message, "nothing came");
}

TEST(ResultErrorTypeTest, ErrorIsStillTheDefault) {
  static_assert(std::is_same_v<Result<int>, Result<int, Error>>);
  const Result<int> r = MakeError(ErrorKind::kInput, "x");
  EXPECT_EQ(r.error().kind, ErrorKind::kInput);
}

}  // namespace
}  // namespace ks
