#include "findings/finding.h"

#include <cstddef>
#include <exception>
#include <future>
#include <mutex>
#include <new>
#include <semaphore>
#include <unordered_map>

#include "util/scrypt.h"
#include "util/sha256.h"
#include "util/text.h"

namespace ks {
namespace {

// Fingerprint v1: SHA-256, for secrets long and random enough that guessing them from the hash
// is hopeless (AWS secret keys are 40 characters). Unchanged since v1 so that baselines of such
// findings stay valid.
std::string HashFingerprint(std::string_view rule_id, const Secret& secret) {
  return Sha256()
      .UpdateField("keysweep-fp-v1")
      .UpdateField(rule_id)
      .UpdateField(secret.Reveal())
      .HexDigest();
}

// Fingerprint v2, for short secrets (a custom rule's 8-character token): scrypt with a fixed
// salt, so that it stays the same across runs and machines (baselines, SARIF) and each guess of
// the secret costs about 32 MiB and tens of milliseconds instead of a nanosecond of SHA-256.
constexpr ScryptParams kShortSecretKdf{.n = 1u << 15, .r = 8, .p = 1, .key_length = 32};

std::string KdfFingerprint(std::string_view rule_id, const Secret& secret) {
  const std::string salt = "keysweep-fp-v2:" + std::string(rule_id);
  std::optional<std::string> key = Scrypt(secret.Reveal(), salt, kShortSecretKdf);
  // The parameters are fixed and valid (tests check them), so the only failure left is memory.
  if (!key) throw std::bad_alloc();
  return HexEncode(*key);
}

// scrypt is slow by design: a secret that recurs (the same token in 10,000 places, or in many
// files scanned at once) is worked out once, and remembered for the rest of the process; a
// thread that needs a derivation another thread is running waits for its result. At most
// kMaxRunning derivations run at a time, so their memory (32 MiB each) stays bounded however
// many threads scan. The memo forgets everything when full, to stay bounded too.
class KdfMemo {
 public:
  std::string Get(std::string_view rule_id, const Secret& secret) {
    const std::string key = std::string(rule_id) + '\0' + secret.Reveal();
    std::promise<std::string> promise;
    const std::shared_future<std::string> known = Claim(key, &promise);
    if (known.valid()) return known.get();  // derived, or being derived by another thread
    try {
      std::string fingerprint = Derive(rule_id, secret);
      promise.set_value(fingerprint);
      return fingerprint;
    } catch (...) {  // out of memory: waiters see it too, and a later call tries again
      promise.set_exception(std::current_exception());
      std::lock_guard lock(mu_);
      memo_.erase(key);
      throw;
    }
  }

 private:
  static constexpr size_t kMaxEntries = 1 << 16;
  static constexpr std::ptrdiff_t kMaxRunning = 2;

  std::string Derive(std::string_view rule_id, const Secret& secret) {
    running_.acquire();
    struct Release {
      std::counting_semaphore<kMaxRunning>& s;
      ~Release() { s.release(); }
    } release{running_};
    return KdfFingerprint(rule_id, secret);
  }

  // The memo's future for `key`; or, when there is none, an invalid one after making `promise`'s
  // the memo's, for the caller to fulfil.
  std::shared_future<std::string> Claim(const std::string& key,
                                        std::promise<std::string>* promise) {
    std::lock_guard lock(mu_);
    if (const auto it = memo_.find(key); it != memo_.end()) return it->second;
    if (memo_.size() >= kMaxEntries) memo_.clear();
    memo_.emplace(key, promise->get_future().share());
    return {};
  }

  std::mutex mu_;
  std::unordered_map<std::string, std::shared_future<std::string>> memo_;
  std::counting_semaphore<kMaxRunning> running_{kMaxRunning};
};

}  // namespace

std::string Fingerprint(std::string_view rule_id, const Secret& secret) {
  if (secret.size() >= Secret::kLongSecret) return HashFingerprint(rule_id, secret);
  static KdfMemo memo;
  return memo.Get(rule_id, secret);
}

}  // namespace ks
