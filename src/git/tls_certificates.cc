#include "git/tls_certificates.h"

#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>

#include "git/handles.h"

namespace ks::git {
namespace {

using ParseFile = int (*)(void* chain, const char* path);

// mbedTLS's MBEDTLS_ERR_X509_FILE_IO_ERROR, for when the real parser cannot be found.
constexpr int kFileIoError = -0x2900;

std::atomic<bool> g_load{false};
std::mutex g_mutex;
std::string g_deferred_path;  // guarded by g_mutex

void RememberDeferred(const char* path) {
  const std::lock_guard lock(g_mutex);
  g_deferred_path = path ? path : "";
}

std::string DeferredPath() {
  const std::lock_guard lock(g_mutex);
  return g_deferred_path;
}

int RealParseFile(void* chain, const char* path) {
  static const auto real =
      reinterpret_cast<ParseFile>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
  return real ? real(chain, path) : kFileIoError;
}

const char* NonEmptyEnv(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

}  // namespace

Status LoadTlsCertificates() {
  EnsureLibgit2();
  g_load = true;
  const std::string deferred = DeferredPath();
  const char* file = NonEmptyEnv("SSL_CERT_FILE");
  const char* dir = NonEmptyEnv("SSL_CERT_DIR");
  if (!file && !dir) {
    // Nothing deferred: libgit2 uses another TLS backend, or found no bundle at start-up.
    if (deferred.empty()) return {};
    file = deferred.c_str();
  }
  if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, dir) != 0) {
    return LastError("cannot load the CA certificates for HTTPS");
  }
  return {};
}

}  // namespace ks::git

// The interposer: resolved in place of libmbedx509's function for every caller in the process,
// libgit2 included (see the header). The chain type is opaque here; C linkage ignores it.
extern "C" int mbedtls_x509_crt_parse_file(void* chain, const char* path) {
  if (!ks::git::g_load) {
    ks::git::RememberDeferred(path);
    return 0;
  }
  return ks::git::RealParseFile(chain, path);
}
