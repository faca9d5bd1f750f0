// SHA-256 through OpenSSL, for rule digests and content fingerprints.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace ks {

// Incremental hasher. Not thread-safe; one per use.
class Sha256 {
 public:
  Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& Update(std::string_view bytes);
  // Feeds a length prefix then the bytes, so that ("ab","c") and ("a","bc") hash differently.
  Sha256& UpdateField(std::string_view bytes);
  std::string HexDigest();  // finishes the hash; call once

 private:
  struct Free {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

std::string Sha256Hex(std::string_view bytes);

}  // namespace ks
