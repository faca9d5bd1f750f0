#include "util/sha256.h"

#include <openssl/evp.h>

#include <cstdint>

#include "util/text.h"

namespace ks {

void Sha256::Free::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr); }

Sha256& Sha256::Update(std::string_view bytes) {
  EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
  return *this;
}

Sha256& Sha256::UpdateField(std::string_view bytes) {
  const uint64_t n = bytes.size();
  char prefix[8];
  for (int i = 0; i < 8; ++i) prefix[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  Update(std::string_view(prefix, 8));
  return Update(bytes);
}

std::string Sha256::HexDigest() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_.get(), md, &len);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string Sha256Hex(std::string_view bytes) { return Sha256().Update(bytes).HexDigest(); }

}  // namespace ks
