#include "util/scrypt.h"

#include <openssl/evp.h>

namespace ks {

std::optional<std::string> Scrypt(std::string_view password, std::string_view salt,
                                  const ScryptParams& params) {
  // OpenSSL's own limit on the working memory (maxmem 0) is 32 MiB, which n = 2^15, r = 8 just
  // exceeds (it also counts p); allow what the parameters need plus a margin.
  const uint64_t maxmem = 128 * params.r * (params.n + params.p + 2) + (1u << 20);
  std::string key(params.key_length, '\0');
  const int ok = EVP_PBE_scrypt(password.data(), password.size(),
                                reinterpret_cast<const unsigned char*>(salt.data()), salt.size(),
                                params.n, params.r, params.p, maxmem,
                                reinterpret_cast<unsigned char*>(key.data()), key.size());
  if (ok != 1) return std::nullopt;
  return key;
}

}  // namespace ks
