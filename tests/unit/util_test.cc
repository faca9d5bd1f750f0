// Unit tests for src/util: LineCursor, text measures, SHA-256, Result/Status and process memory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "temp_dir.h"
#include "util/file.h"
#include "util/line_index.h"
#include "util/mapped_file.h"
#include "util/memory.h"
#include "util/result.h"
#include "util/sha256.h"
#include "util/string_pool.h"
#include "util/text.h"

namespace ks {
namespace {

// --- LineCursor -----------------------------------------------------------------------------

void ExpectLineCol(LineCol got, uint64_t line, uint64_t column) {
  EXPECT_EQ(got.line, line);
  EXPECT_EQ(got.column, column);
}

// --- ReadRegularFile -------------------------------------------------------------------------

TEST(ReadRegularFileTest, ReadsAFileAndRefusesWhatIsNotOneWithoutBlocking) {
  testing::TempDir dir;
  dir.Write("f", "abc");
  auto bytes = ReadRegularFile((dir.path() / "f").string());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "abc");
  // Nobody ever writes to this FIFO: a blocking open would hang the test.
  ASSERT_EQ(::mkfifo((dir.path() / "fifo").c_str(), 0600), 0);
  auto fifo = ReadRegularFile((dir.path() / "fifo").string());
  ASSERT_FALSE(fifo.ok());
  EXPECT_NE(fifo.error().message.find("not a regular file (a FIFO)"), std::string::npos);
  auto directory = ReadRegularFile(dir.path().string());
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.error().message.find("(a directory)"), std::string::npos);
  auto big = ReadRegularFile((dir.path() / "f").string(), 2);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("larger than 2 bytes"), std::string::npos);
  EXPECT_FALSE(ReadRegularFile((dir.path() / "missing").string()).ok());
}

TEST(MappedFileTest, MapsTheBytesAndOutlivesARename) {
  char dir[] = "/tmp/ks-mapped-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/f", other = std::string(dir) + "/g";
  std::string bytes = "state\n";
  bytes.push_back('\0');
  bytes += std::string(10000, 'x');
  std::ofstream(path, std::ios::binary) << bytes;
  std::ofstream(other, std::ios::binary) << "replaced";
  auto mapped = MappedFile::Open(path);
  ASSERT_TRUE(mapped.ok()) << mapped.error().message;
  ASSERT_EQ(::rename(other.c_str(), path.c_str()), 0);  // as a --state save replaces the file
  MappedFile moved = std::move(mapped).value();
  EXPECT_EQ(moved.bytes(), bytes);
  std::ofstream(path, std::ios::binary).flush();  // now empty
  auto empty = MappedFile::Open(path);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->bytes().empty());
  ::unlink(path.c_str());
  ::rmdir(dir);
}

TEST(MappedFileTest, AMissingFileOrADirectoryIsAnInputError) {
  auto missing = MappedFile::Open("/nonexistent/ks-state");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInput);
  EXPECT_NE(missing.error().message.find("/nonexistent/ks-state"), std::string::npos);
  auto dir = MappedFile::Open("/tmp");
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.error().message.find("not a file"), std::string::npos);
}

TEST(StringPoolTest, EachDistinctStringOnceWithStableViews) {
  StringPool pool;
  EXPECT_EQ(pool.Intern("src/a.c"), 0u);
  EXPECT_EQ(pool.Intern("src/b.c"), 1u);
  EXPECT_EQ(pool.Intern("src/a.c"), 0u);
  EXPECT_EQ(pool.Intern(""), 2u);
  const std::string_view first = pool.at(0);
  // Many more strings, short (kept inside the string object) and long: earlier views hold.
  for (int i = 0; i < 10000; ++i)
    pool.Intern(std::string(static_cast<size_t>(i % 40), 'x') + "/" + std::to_string(i));
  EXPECT_EQ(first, "src/a.c");
  EXPECT_EQ(pool.at(1), "src/b.c");
  EXPECT_EQ(pool.size(), 10003u);
  StringPool moved = std::move(pool);  // views survive a move: the strings stay where they are
  EXPECT_EQ(first, "src/a.c");
  EXPECT_EQ(moved.Intern("src/b.c"), 1u);
}

TEST(StringPoolTest, StringsLongerThanABlockAndTheEmptyStringAreKeptToo) {
  StringPool pool;
  const std::string huge(200000, 'p');  // over the pool's 64 KiB blocks
  EXPECT_EQ(pool.Intern("a"), 0u);
  EXPECT_EQ(pool.Intern(huge), 1u);
  EXPECT_EQ(pool.Intern("b"), 2u);
  EXPECT_EQ(pool.Intern(""), 3u);
  EXPECT_EQ(pool.Intern(huge + "q"), 4u);
  for (int i = 0; i < 5000; ++i) pool.Intern(std::string(300, 'z') + std::to_string(i));
  EXPECT_EQ(pool.Intern(huge), 1u);
  EXPECT_EQ(pool.Intern(""), 3u);
  EXPECT_EQ(pool.at(0), "a");
  EXPECT_EQ(pool.at(1), huge);
  EXPECT_EQ(pool.at(2), "b");
  EXPECT_EQ(pool.at(3), "");
  EXPECT_EQ(pool.at(4), huge + "q");
  EXPECT_EQ(pool.at(5), std::string(300, 'z') + "0");
  EXPECT_EQ(pool.size(), 5005u);
}

TEST(LineCursorTest, FirstLineColumnsAreOneBased) {
  LineCursor cursor("abc\ndef");
  ExpectLineCol(cursor.Locate(0), 1, 1);
  ExpectLineCol(cursor.Locate(2), 1, 3);
}

TEST(LineCursorTest, NewlineByteBelongsToItsLine) {
  LineCursor cursor("abc\ndef");
  ExpectLineCol(cursor.Locate(3), 1, 4);
  ExpectLineCol(cursor.Locate(4), 2, 1);
  ExpectLineCol(cursor.Locate(6), 2, 3);
}

TEST(LineCursorTest, CountsEveryNewlineIncludingEmptyLines) {
  LineCursor cursor("a\n\n\nbc");
  ExpectLineCol(cursor.Locate(2), 2, 1);
  ExpectLineCol(cursor.Locate(3), 3, 1);
  ExpectLineCol(cursor.Locate(5), 4, 2);
}

TEST(LineCursorTest, CrlfCountsAsOneLineBreakAndCrIsAColumn) {
  LineCursor cursor("ab\r\ncd\r\nef");
  ExpectLineCol(cursor.Locate(2), 1, 3);  // the '\r'
  ExpectLineCol(cursor.Locate(4), 2, 1);
  ExpectLineCol(cursor.Locate(9), 3, 2);
}

TEST(LineCursorTest, ColumnsCountBytesNotCharacters) {
  // "é" is two bytes in UTF-8, so 'x' is the third byte of the line.
  LineCursor cursor("\xc3\xa9x\n\xc3\xa9y");
  ExpectLineCol(cursor.Locate(2), 1, 3);
  ExpectLineCol(cursor.Locate(6), 2, 3);
}

TEST(LineCursorTest, OffsetAtEndOfBuffer) {
  LineCursor cursor("abc\n");
  ExpectLineCol(cursor.Locate(4), 2, 1);
  LineCursor no_newline("abc");
  ExpectLineCol(no_newline.Locate(3), 1, 4);
}

TEST(LineCursorTest, OffsetPastEndIsClampedToEnd) {
  LineCursor cursor("ab\ncd");
  ExpectLineCol(cursor.Locate(100), 2, 3);
}

TEST(LineCursorTest, EmptyBuffer) {
  LineCursor cursor("");
  ExpectLineCol(cursor.Locate(0), 1, 1);
}

TEST(LineCursorTest, RepeatedOffsetGivesSameAnswer) {
  LineCursor cursor("one\ntwo\nthree");
  ExpectLineCol(cursor.Locate(9), 3, 2);
  ExpectLineCol(cursor.Locate(9), 3, 2);
}

TEST(LineCursorTest, GoingBackwardsRescansFromStart) {
  LineCursor cursor("one\ntwo\nthree");
  ExpectLineCol(cursor.Locate(12), 3, 5);
  ExpectLineCol(cursor.Locate(1), 1, 2);
  ExpectLineCol(cursor.Locate(5), 2, 2);
  ExpectLineCol(cursor.Locate(4), 2, 1);
}

TEST(LineCursorTest, MatchesNaiveCountAtEveryOffset) {
  const std::string text = "x\r\n\nab\ncd\r\n\n\nlast line";
  LineCursor cursor(text);
  uint64_t line = 1, column = 1;
  for (size_t off = 0; off <= text.size(); ++off) {
    SCOPED_TRACE(off);
    ExpectLineCol(cursor.Locate(off), line, column);
    if (off < text.size() && text[off] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

// --- Text measures --------------------------------------------------------------------------

TEST(ShannonEntropyTest, KnownValues) {
  EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("a"), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("ab"), 1.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aabb"), 1.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcd"), 2.0);
  EXPECT_NEAR(ShannonEntropy("aab"), 0.9182958340544896, 1e-12);
}

TEST(ShannonEntropyTest, AllByteValuesGiveEightBits) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_DOUBLE_EQ(ShannonEntropy(all), 8.0);
}

TEST(ShannonEntropyTest, GitShaScoresBelowRandomBase64Key) {
  const double sha = ShannonEntropy("3f786850e387550fdab836ed7e6dc881de23001b");
  const double key = ShannonEntropy("MuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76u");
  EXPECT_GT(sha, 3.0);
  EXPECT_LT(sha, 4.0);  // at most log2(16) = 4 for hex
  EXPECT_GT(key, 4.5);
  EXPECT_LT(sha, key);
}

TEST(ShannonEntropyTest, HighBytesAreCountedAsBytes) {
  EXPECT_DOUBLE_EQ(ShannonEntropy("\xff\x80"), 1.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("\xff\xff"), 0.0);
}

TEST(CharClassCountTest, CountsDistinctClasses) {
  EXPECT_EQ(CharClassCount(""), 0);
  EXPECT_EQ(CharClassCount("abc"), 1);
  EXPECT_EQ(CharClassCount("ABC"), 1);
  EXPECT_EQ(CharClassCount("123"), 1);
  EXPECT_EQ(CharClassCount("+/="), 1);
  EXPECT_EQ(CharClassCount("aB"), 2);
  EXPECT_EQ(CharClassCount("a1"), 2);
  EXPECT_EQ(CharClassCount("aB1"), 3);
  EXPECT_EQ(CharClassCount("aB1/"), 4);
  EXPECT_EQ(CharClassCount("MuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76u"), 4);
}

TEST(CharClassCountTest, RepeatedClassCountsOnce) {
  EXPECT_EQ(CharClassCount("zzzzzzzzzzZ"), 2);
  EXPECT_EQ(CharClassCount("\x80\xff "), 1);  // bytes outside ASCII letters/digits are "other"
}

TEST(IsHexOnlyTest, AcceptsBothCases) {
  EXPECT_TRUE(IsHexOnly("0123456789abcdef"));
  EXPECT_TRUE(IsHexOnly("ABCDEF"));
  EXPECT_TRUE(IsHexOnly("3f786850e387550fdab836ed7e6dc881de23001b"));
}

TEST(IsHexOnlyTest, RejectsEmptyAndNonHex) {
  EXPECT_FALSE(IsHexOnly(""));
  EXPECT_FALSE(IsHexOnly("abcdefg"));
  EXPECT_FALSE(IsHexOnly("12 34"));
  EXPECT_FALSE(IsHexOnly("0x12"));
  EXPECT_FALSE(IsHexOnly("MuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76u"));
}

TEST(HexEncodeTest, LowercaseTwoDigitsPerByte) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode("abc"), "616263");
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xf0\xff", 4)), "000ff0ff");
}

// --- SHA-256 --------------------------------------------------------------------------------

TEST(Sha256Test, NistVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, IncrementalUpdatesEqualOneShot) {
  Sha256 h;
  h.Update("a").Update("").Update("bc");
  EXPECT_EQ(h.HexDigest(), Sha256Hex("abc"));
}

TEST(Sha256Test, UpdateFieldDistinguishesFieldSplits) {
  Sha256 ab_c;
  ab_c.UpdateField("ab").UpdateField("c");
  Sha256 a_bc;
  a_bc.UpdateField("a").UpdateField("bc");
  const std::string d1 = ab_c.HexDigest();
  const std::string d2 = a_bc.HexDigest();
  EXPECT_NE(d1, d2);
  // Plain Update() cannot tell them apart, which is why fields are length-prefixed.
  Sha256 plain;
  plain.Update("ab").Update("c");
  EXPECT_EQ(plain.HexDigest(), Sha256Hex("abc"));
  EXPECT_NE(d1, Sha256Hex("abc"));
}

TEST(Sha256Test, UpdateFieldUsesEightByteLittleEndianLength) {
  Sha256 h;
  h.UpdateField("abc");
  EXPECT_EQ(h.HexDigest(), Sha256Hex(std::string("\x03\0\0\0\0\0\0\0abc", 11)));
}

TEST(Sha256Test, EmptyFieldStillChangesTheHash) {
  Sha256 with_empty;
  with_empty.UpdateField("a").UpdateField("");
  Sha256 without;
  without.UpdateField("a");
  EXPECT_NE(with_empty.HexDigest(), without.HexDigest());
}

TEST(Sha256Test, DigestIsSixtyFourLowercaseHex) {
  const std::string d = Sha256Hex("keysweep");
  ASSERT_EQ(d.size(), 64u);
  EXPECT_TRUE(IsHexOnly(d));
  EXPECT_EQ(d.find_first_of("ABCDEF"), std::string::npos);
}

// --- Result / Status ------------------------------------------------------------------------

Result<int> Half(int n) {
  if (n % 2 != 0) return MakeError(ErrorKind::kUsage, "odd: " + std::to_string(n));
  return n / 2;
}

TEST(ResultTest, HoldsValue) {
  Result<int> r = Half(8);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 4);
  EXPECT_EQ(*r, 4);
}

TEST(ResultTest, HoldsError) {
  Result<int> r = Half(3);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_EQ(r.error().message, "odd: 3");
}

TEST(ResultTest, ArrowAndMoveOut) {
  Result<std::vector<std::string>> r(std::vector<std::string>{"a", "b"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 2u);
  std::vector<std::string> moved = std::move(r).value();
  EXPECT_EQ(moved, (std::vector<std::string>{"a", "b"}));
}

TEST(ResultTest, TakeErrorMovesTheError) {
  Result<std::string> r(MakeError(ErrorKind::kInput, "cannot read x"));
  Error e = std::move(r).take_error();
  EXPECT_EQ(e.kind, ErrorKind::kInput);
  EXPECT_EQ(e.message, "cannot read x");
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(static_cast<bool>(s));
}

TEST(StatusTest, FromErrorIsNotOk) {
  Status s = MakeError(ErrorKind::kEngine, "hs failed");
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(static_cast<bool>(s));
  EXPECT_EQ(s.error().kind, ErrorKind::kEngine);
  EXPECT_EQ(s.error().message, "hs failed");
}

TEST(ErrorTest, DefaultKindIsInternal) {
  Error e;
  EXPECT_EQ(e.kind, ErrorKind::kInternal);
  EXPECT_TRUE(e.message.empty());
}

// --- Process memory -------------------------------------------------------------------------

// Resident bytes now, from /proc/self/statm (its second field, in pages).
uint64_t ResidentNow() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

constexpr uint64_t kMiB = uint64_t{1} << 20;

TEST(MemoryTest, PeakResidentCoversMemoryJustTouched) {
  const uint64_t before = ResidentNow();
  constexpr size_t kSize = 96 << 20;
  auto block = std::make_unique<char[]>(kSize);
  std::memset(block.get(), 1, kSize);  // resident only once written
  EXPECT_GE(PeakResidentBytes(), before + kSize - 8 * kMiB);
  EXPECT_EQ(block[kSize - 1], 1);
}

TEST(MemoryTest, ReleaseFreedMemoryShrinksTheHeap) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizers' allocators keep freed memory whatever glibc is asked";
#endif
  // Small blocks come from the heap, not from their own mappings. Keeping the last one alive
  // stops glibc from trimming the freed run below it by itself.
  constexpr size_t kBlock = 16 << 10;
  constexpr size_t kCount = 4096;  // 64 MiB
  std::vector<std::unique_ptr<char[]>> blocks;
  for (size_t i = 0; i < kCount; ++i) {
    blocks.push_back(std::make_unique<char[]>(kBlock));
    std::memset(blocks.back().get(), 1, kBlock);
  }
  for (size_t i = 0; i + 1 < kCount; ++i) blocks[i].reset();
  const uint64_t freed_but_resident = ResidentNow();
  ReleaseFreedMemory();
  EXPECT_LE(ResidentNow() + 48 * kMiB, freed_but_resident);
}

}  // namespace
}  // namespace ks
