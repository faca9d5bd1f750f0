// Unit tests for src/util/scrypt: the published test vectors of RFC 7914, section 12.
#include <gtest/gtest.h>

#include "util/scrypt.h"
#include "util/text.h"

namespace ks {
namespace {

TEST(ScryptTest, Rfc7914EmptyPasswordAndSalt) {
  const auto key = Scrypt("", "", {.n = 16, .r = 1, .p = 1, .key_length = 64});
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(HexEncode(*key),
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
}

TEST(ScryptTest, Rfc7914PasswordNaCl) {
  const auto key = Scrypt("password", "NaCl", {.n = 1024, .r = 8, .p = 16, .key_length = 64});
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(HexEncode(*key),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
}

TEST(ScryptTest, KeysweepsFingerprintParametersAreAccepted) {
  // N = 2^15, r = 8 needs a little over OpenSSL's default 32 MiB limit: Scrypt() must allow it.
  const auto key = Scrypt("Zq8nR2xW", "keysweep-fp-v2:test-token",
                          {.n = 1u << 15, .r = 8, .p = 1, .key_length = 32});
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), 32u);
}

TEST(ScryptTest, InvalidParametersAreRefusedNotCrashed) {
  EXPECT_FALSE(Scrypt("pw", "salt", {.n = 3, .r = 8, .p = 1, .key_length = 32}).has_value());
  EXPECT_FALSE(Scrypt("pw", "salt", {.n = 1, .r = 8, .p = 1, .key_length = 32}).has_value());
}

}  // namespace
}  // namespace ks
