// Unit tests for src/aws: key ID classification and offline account ID decoding
// (docs: aws-reference.md §1).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "aws/key_id.h"

namespace ks::aws {
namespace {

// --- DecodeAccountId: reference vectors ------------------------------------------------------

TEST(DecodeAccountIdTest, ReferenceVectors) {
  EXPECT_EQ(DecodeAccountId("ASIAY34FZKBOKMUTVV7A"), "609629065308");
  EXPECT_EQ(DecodeAccountId("ASIAQNZGKIQY56JQ7WML"), "029608264753");
  EXPECT_EQ(DecodeAccountId("AKIA6RVFFB77RE7OLMKI"), "999999999999");
  EXPECT_EQ(DecodeAccountId("AKIARZPUZDIKGXTXYLPW"), "123456789012");
}

TEST(DecodeAccountIdTest, OldGenerationCarriesNoAccount) {
  EXPECT_EQ(DecodeAccountId("AKIAIOSFODNN7EXAMPLE"), std::nullopt);
  EXPECT_EQ(DecodeAccountId("AKIAI44QH8DHBEXAMPLE"), std::nullopt);  // has an 8: malformed too
  EXPECT_EQ(DecodeAccountId("AKIAJAAAAAAAAAAAAAAA"), std::nullopt);
  EXPECT_EQ(DecodeAccountId("AKIAPZZZZZZZZZZZZZZZ"), std::nullopt);  // P = 01111: gen 0
}

TEST(DecodeAccountIdTest, KeysUsedElsewhereInTheTests) {
  EXPECT_EQ(DecodeAccountId("AKIARZPUZDIKPFJONNBY"), "123456789012");
  EXPECT_EQ(DecodeAccountId("ASIATCH6YDSYWITJ4DJX"), "210987654321");
}

// --- DecodeAccountId: malformed input ----------------------------------------------------------

TEST(DecodeAccountIdTest, WrongLength) {
  EXPECT_EQ(DecodeAccountId(""), std::nullopt);
  EXPECT_EQ(DecodeAccountId("AKIA"), std::nullopt);
  EXPECT_EQ(DecodeAccountId("AKIARZPUZDIKGXTXYLP"), std::nullopt);    // 19
  EXPECT_EQ(DecodeAccountId("AKIARZPUZDIKGXTXYLPWA"), std::nullopt);  // 21
  EXPECT_EQ(DecodeAccountId("AIDARZPUZDIKGXTXYLPWQ"), std::nullopt);  // a 21-char unique ID
}

TEST(DecodeAccountIdTest, Lowercase) {
  EXPECT_EQ(DecodeAccountId("akiarzpuzdikgxtxylpw"), std::nullopt);
  EXPECT_EQ(DecodeAccountId("AKIARZPUZDIKGXTXYLPw"), std::nullopt);
  EXPECT_EQ(DecodeAccountId("AKIArZPUZDIKGXTXYLPW"), std::nullopt);
}

TEST(DecodeAccountIdTest, DigitsOutsideBase32) {
  for (char bad : {'0', '1', '8', '9'}) {
    for (size_t pos : {size_t{4}, size_t{11}, size_t{19}}) {
      std::string key = "AKIARZPUZDIKGXTXYLPW";
      key[pos] = bad;
      EXPECT_EQ(DecodeAccountId(key), std::nullopt) << key;
    }
  }
}

TEST(DecodeAccountIdTest, OtherBytes) {
  EXPECT_EQ(DecodeAccountId("AKIARZPUZDIKGXTXYL=="), std::nullopt);
  EXPECT_EQ(DecodeAccountId("AKIARZPUZDIKGXTX LPW"), std::nullopt);
  EXPECT_EQ(DecodeAccountId(std::string("AKIARZPUZDIKGXTXYLP\0", 20)), std::nullopt);
  EXPECT_EQ(DecodeAccountId("AKIARZPUZDIKGXTXYLP\xc3"), std::nullopt);
}

// --- DecodeAccountId: round trip through the reference encoder ----------------------------------

// The reference encoder: P = (1 << 79) | (account << 39) | random39, as 80 bits big-endian, then
// prefix + RFC 4648 base32 of P (16 characters, 5 bits each).
class KeyIdEncoder {
 public:
  static std::string Encode(const std::string& prefix, uint64_t account, uint64_t random39,
                            bool current_generation = true) {
    // Bit i of P (0 = least significant), computed from the three fields directly.
    auto bit = [&](int i) -> unsigned {
      if (i == 79) return current_generation ? 1u : 0u;
      if (i >= 39) return static_cast<unsigned>((account >> (i - 39)) & 1u);
      return static_cast<unsigned>((random39 >> i) & 1u);
    };
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out = prefix;
    for (int c = 0; c < 16; ++c) {
      unsigned v = 0;
      for (int b = 0; b < 5; ++b) v = (v << 1) | bit(79 - 5 * c - b);
      out.push_back(kAlphabet[v]);
    }
    return out;
  }
};

std::string TwelveDigits(uint64_t account) {
  std::string s = std::to_string(account);
  return std::string(12 - s.size(), '0') + s;
}

TEST(DecodeAccountIdTest, EncoderReproducesReferenceVector) {
  // Sanity check of the test's own encoder: the decoded part of a reference key re-encodes.
  const std::string key = KeyIdEncoder::Encode("AKIA", 123456789012, 0);
  EXPECT_EQ(key.size(), 20u);
  EXPECT_EQ(key.substr(0, 12), std::string("AKIARZPUZDIKGXTXYLPW").substr(0, 12));
}

TEST(DecodeAccountIdTest, RoundTripRandomAccounts) {
  std::mt19937_64 rng(20240601);
  std::uniform_int_distribution<uint64_t> accounts(0, 999'999'999'999ULL);
  std::uniform_int_distribution<uint64_t> low_bits(0, (uint64_t{1} << 39) - 1);
  const char* prefixes[] = {"AKIA", "ASIA", "ABIA", "ACCA"};
  for (int i = 0; i < 2000; ++i) {
    const uint64_t account = accounts(rng);
    const std::string key = KeyIdEncoder::Encode(prefixes[i % 4], account, low_bits(rng));
    ASSERT_EQ(DecodeAccountId(key), TwelveDigits(account)) << key;
  }
}

TEST(DecodeAccountIdTest, RoundTripEdgeAccounts) {
  const uint64_t low_max = (uint64_t{1} << 39) - 1;
  for (uint64_t account : {uint64_t{0}, uint64_t{1}, uint64_t{2}, uint64_t{999'999'999'999ULL},
                           uint64_t{549'755'813'887ULL}, uint64_t{549'755'813'888ULL}}) {
    for (uint64_t low : {uint64_t{0}, low_max}) {
      const std::string key = KeyIdEncoder::Encode("ASIA", account, low);
      EXPECT_EQ(DecodeAccountId(key), TwelveDigits(account)) << key;
    }
  }
}

TEST(DecodeAccountIdTest, GenerationBitControlsDecoding) {
  const std::string current = KeyIdEncoder::Encode("AKIA", 123456789012, 12345, true);
  const std::string old = KeyIdEncoder::Encode("AKIA", 123456789012, 12345, false);
  EXPECT_GE(current[4], 'Q');  // 5th character in Q-Z or 2-7
  EXPECT_LE(old[4], 'P');      // 5th character in A-P
  EXPECT_EQ(DecodeAccountId(current), "123456789012");
  EXPECT_EQ(DecodeAccountId(old), std::nullopt);
}

TEST(DecodeAccountIdTest, AccountAboveTwelveDigitsIsRejected) {
  // 40 bits hold up to 1099511627775; account IDs have 12 decimal digits.
  EXPECT_EQ(DecodeAccountId(KeyIdEncoder::Encode("AKIA", 1'000'000'000'000ULL, 0)), std::nullopt);
  EXPECT_EQ(DecodeAccountId(KeyIdEncoder::Encode("AKIA", (uint64_t{1} << 40) - 1, 0)),
            std::nullopt);
}

// --- ClassifyKeyId ---------------------------------------------------------------------------

TEST(ClassifyKeyIdTest, CredentialPrefixes) {
  EXPECT_EQ(ClassifyKeyId("AKIARZPUZDIKPFJONNBY"), KeyIdKind::kLongTerm);
  EXPECT_EQ(ClassifyKeyId("AKIAIOSFODNN7EXAMPLE"), KeyIdKind::kLongTerm);
  EXPECT_EQ(ClassifyKeyId("ASIATCH6YDSYWITJ4DJX"), KeyIdKind::kTemporary);
  EXPECT_EQ(ClassifyKeyId("ABIARTX3GSDSQ2TKHJCQ"), KeyIdKind::kBearer);
  EXPECT_EQ(ClassifyKeyId("ACCAWO645SY5NEJIWLZT"), KeyIdKind::kContextSpecific);
}

TEST(ClassifyKeyIdTest, A3tIsUndocumented) {
  EXPECT_EQ(ClassifyKeyId("A3TARZPUZDIKPFJONNBY"), KeyIdKind::kUndocumented);
  EXPECT_EQ(ClassifyKeyId("A3TXRZPUZDIKPFJONNBY"), KeyIdKind::kUndocumented);
  EXPECT_EQ(ClassifyKeyId("A3TARZPUZDIKPFJONNB"), KeyIdKind::kNotAKey);  // 19 characters
}

TEST(ClassifyKeyIdTest, UniqueIdsAreNotKeys) {
  // Real unique IDs have 21 characters; the 20-character shapes are not keys either.
  for (const char* prefix : {"AIDA", "AROA", "AGPA", "AIPA", "ANPA", "ANVA", "APKA", "ASCA"}) {
    EXPECT_EQ(ClassifyKeyId(std::string(prefix) + "RZPUZDIKPFJONNBYQ"), KeyIdKind::kNotAKey)
        << prefix;
    EXPECT_EQ(ClassifyKeyId(std::string(prefix) + "RZPUZDIKPFJONNBY"), KeyIdKind::kNotAKey)
        << prefix;
  }
}

TEST(ClassifyKeyIdTest, WrongLengthOrCaseIsNotAKey) {
  EXPECT_EQ(ClassifyKeyId(""), KeyIdKind::kNotAKey);
  EXPECT_EQ(ClassifyKeyId("AKIA"), KeyIdKind::kNotAKey);
  EXPECT_EQ(ClassifyKeyId("AKIARZPUZDIKPFJONNB"), KeyIdKind::kNotAKey);
  EXPECT_EQ(ClassifyKeyId("AKIARZPUZDIKPFJONNBYY"), KeyIdKind::kNotAKey);
  EXPECT_EQ(ClassifyKeyId("akiarzpuzdikpfjonnby"), KeyIdKind::kNotAKey);
  EXPECT_EQ(ClassifyKeyId("MuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76u"), KeyIdKind::kNotAKey);
}

}  // namespace
}  // namespace ks::aws
