// Unit tests for util/text_wrap: the word wrap of help pages.
#include <gtest/gtest.h>

#include "util/text_wrap.h"

namespace ks {
namespace {

TEST(TextWrapTest, ShortLinesAreLeftAlone) {
  EXPECT_EQ(WrapText("one two\n  three", 20), "one two\n  three");
}

TEST(TextWrapTest, LongLinesBreakAtSpacesAndKeepTheirIndentation) {
  EXPECT_EQ(WrapText("  alpha beta gamma delta", 13), "  alpha beta\n  gamma delta");
  EXPECT_EQ(WrapText("aa bb cc\nxx", 5), "aa bb\ncc\nxx");
}

TEST(TextWrapTest, AWordLongerThanTheWidthStaysWholeAndSpacesCollapse) {
  EXPECT_EQ(WrapText("a verylongword b", 5), "a\nverylongword\nb");
  EXPECT_EQ(WrapText("a    b c d e f g", 5), "a b c\nd e f\ng");
}

}  // namespace
}  // namespace ks
