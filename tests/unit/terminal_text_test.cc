// Unit tests for src/util/terminal_text: what TerminalSafe() escapes and what it lets through.
#include "util/terminal_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

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
  // Neighbours of those ranges are ordinary text (U+206A-U+206F after the isolates are format
  // characters too: see below; U+2070 superscript zero is not).
  EXPECT_EQ(TerminalSafe("\xc2\xa0\xe2\x80\xa7\xe2\x81\xb0"), "\xc2\xa0\xe2\x80\xa7\xe2\x81\xb0");
  EXPECT_EQ(TerminalSafe("\xf0\x9f\x94\x91"), "\xf0\x9f\x94\x91");  // a four-byte emoji
}

TEST(TerminalSafeTest, EscapesFormatCharactersBidiMarksAndZeroWidthOnes) {
  // Each listed code point, alone and between letters, comes out as its UTF-8 bytes in \xNN.
  const std::pair<const char*, const char*> cases[] = {
      {"\xe2\x80\x8b", "\\xe2\\x80\\x8b"},           // U+200B zero width space
      {"\xe2\x80\x8c", "\\xe2\\x80\\x8c"},           // U+200C zero width non-joiner
      {"\xe2\x80\x8d", "\\xe2\\x80\\x8d"},           // U+200D zero width joiner
      {"\xe2\x80\x8e", "\\xe2\\x80\\x8e"},           // U+200E left-to-right mark
      {"\xe2\x80\x8f", "\\xe2\\x80\\x8f"},           // U+200F right-to-left mark
      {"\xd8\x9c", "\\xd8\\x9c"},                    // U+061C Arabic letter mark
      {"\xe2\x80\xaa", "\\xe2\\x80\\xaa"},           // U+202A left-to-right embedding
      {"\xe2\x81\xa0", "\\xe2\\x81\\xa0"},           // U+2060 word joiner
      {"\xe2\x81\xa9", "\\xe2\\x81\\xa9"},           // U+2069 pop directional isolate
      {"\xef\xbb\xbf", "\\xef\\xbb\\xbf"},           // U+FEFF byte order mark
      {"\xc2\xad", "\\xc2\\xad"},                    // U+00AD soft hyphen
      {"\xd8\x80", "\\xd8\\x80"},                    // U+0600 Arabic number sign
      {"\xe1\xa0\x8e", "\\xe1\\xa0\\x8e"},           // U+180E Mongolian vowel separator
      {"\xef\xbf\xb9", "\\xef\\xbf\\xb9"},           // U+FFF9 interlinear annotation anchor
      {"\xf3\xa0\x80\x81", "\\xf3\\xa0\\x80\\x81"},  // U+E0001 language tag
      {"\xf3\xa0\x81\xbf", "\\xf3\\xa0\\x81\\xbf"},  // U+E007F cancel tag
  };
  for (const auto& [in, out] : cases) {
    EXPECT_EQ(TerminalSafe(in), out);
    EXPECT_EQ(TerminalSafe(std::string("a") + in + "b"), std::string("a") + out + "b");
  }
  // Neighbours of those ranges are ordinary text: U+200A hair space, U+2010 hyphen, U+205F
  // medium mathematical space, U+FEFE Arabic ligature, U+E0080.
  for (const char* visible : {"\xe2\x80\x8a", "\xe2\x80\x90", "\xe2\x81\x9f", "\xef\xbb\xbe",
                              "\xf3\xa0\x82\x80", "\xd8\x9b", "\xc2\xac"}) {
    EXPECT_EQ(TerminalSafe(visible), visible);
  }
}

TEST(TerminalSafeTest, OutputHoldsNoControlOrFormatBytesWhateverTheInput) {
  // Every code point from U+0000 to U+FFFF and a sample above: what comes out is printable
  // ASCII, or a code point that is neither a control nor a format character.
  std::string all;
  for (uint32_t cp = 0; cp < 0x30000; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (cp < 0x80) {
      all += static_cast<char>(cp);
    } else if (cp < 0x800) {
      all += static_cast<char>(0xc0 | (cp >> 6));
      all += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      all += static_cast<char>(0xe0 | (cp >> 12));
      all += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      all += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      all += static_cast<char>(0xf0 | (cp >> 18));
      all += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      all += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      all += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  const std::string safe = TerminalSafe(all);
  for (unsigned char c : safe) ASSERT_TRUE(c >= 0x20 && c != 0x7f) << static_cast<int>(c);
  for (const char* bad : {"\xc2\x9b", "\xe2\x80\xae", "\xe2\x80\x8b", "\xef\xbb\xbf", "\xd8\x9c"}) {
    EXPECT_EQ(safe.find(bad), std::string::npos) << bad;
  }
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
