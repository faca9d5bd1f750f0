// Unit tests for src/util/terminal_text: what TerminalSafe() escapes and what it lets through.
#include "util/terminal_text.h"

#include <gtest/gtest.h>

#include <string>

namespace ks {
namespace {

TEST(TerminalSafeTest, EscapesControlBytesDelAndBackslash) {
  EXPECT_EQ(TerminalSafe("plain/path.txt"), "plain/path.txt");
  EXPECT_EQ(TerminalSafe(std::string("\0", 1)), "\\x00");
  EXPECT_EQ(TerminalSafe("\t\n\x1f"), "\\x09\\x0a\\x1f");
  EXPECT_EQ(TerminalSafe("\x7f"), "\\x7f");
  EXPECT_EQ(TerminalSafe("a\\b"), "a\\x5cb");
  EXPECT_EQ(TerminalSafe(" ~"), " ~");
  // UTF-8 (bytes >= 0x80) passes through.
  EXPECT_EQ(TerminalSafe("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(TerminalSafeTest, EscapedOutputCannotBeConfusedWithInput) {
  // Without escaping the backslash, "\x1b" typed literally and a real ESC would look the same.
  EXPECT_NE(TerminalSafe("\\x1b"), TerminalSafe("\x1b"));
}

TEST(TerminalSafeTest, EscapesC1ControlsBidiOverridesAndSeparatorsByteByByte) {
  EXPECT_EQ(TerminalSafe("\xc2\x9b"), "\\xc2\\x9b");  // U+009B: CSI on a UTF-8 tty
  EXPECT_EQ(TerminalSafe("a\xe2\x80\xae"
                         "b"),
            "a\\xe2\\x80\\xaeb");                              // U+202E right-to-left override
  EXPECT_EQ(TerminalSafe("\xe2\x81\xa6"), "\\xe2\\x81\\xa6");  // U+2066 left-to-right isolate
  EXPECT_EQ(TerminalSafe("\xe2\x80\xa8"), "\\xe2\\x80\\xa8");  // U+2028 line separator
  // Neighbours of those ranges are ordinary text.
  EXPECT_EQ(TerminalSafe("\xc2\xa0\xe2\x80\xa7\xe2\x81\xaa"), "\xc2\xa0\xe2\x80\xa7\xe2\x81\xaa");
  EXPECT_EQ(TerminalSafe("\xf0\x9f\x94\x91"), "\xf0\x9f\x94\x91");  // a four-byte emoji
}

TEST(TerminalSafeTest, EscapesEveryByteThatIsNotWellFormedUtf8) {
  EXPECT_EQ(TerminalSafe("\x80"), "\\x80");                             // a stray continuation byte
  EXPECT_EQ(TerminalSafe("\xc0\xaf"), "\\xc0\\xaf");                    // an overlong '/'
  EXPECT_EQ(TerminalSafe("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");           // another overlong form
  EXPECT_EQ(TerminalSafe("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a UTF-16 surrogate
  EXPECT_EQ(TerminalSafe("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  // A sequence cut short: its lead byte is escaped, and what follows is read afresh.
  EXPECT_EQ(TerminalSafe("\xe2\x82"
                         "a"),
            "\\xe2\\x82a");
  EXPECT_EQ(TerminalSafe("caf\xc3"), "caf\\xc3");
}

}  // namespace
}  // namespace ks
