#include "findings/finding.h"

#include "util/sha256.h"

namespace ks {

std::string Fingerprint(std::string_view rule_id, const Secret& secret) {
  return Sha256()
      .UpdateField("keysweep-fp-v1")
      .UpdateField(rule_id)
      .UpdateField(secret.Reveal())
      .HexDigest();
}

}  // namespace ks
