#include "git/tls_certificates.h"

#include <dlfcn.h>

#include <atomic>
#include <string>

#include "git/handles.h"

#ifdef KEYSWEEP_STATIC_MBEDTLS
// mbedTLS's own function, under the name -Wl,--wrap gives it.
extern "C" int __real_mbedtls_x509_crt_parse_file(void* chain, const char* path);
#endif

namespace ks::git {
namespace {

// Set before the first real load: from then on the deferring parser forwards to mbedTLS.
std::atomic<bool> g_load{false};
// Written only by the deferring parser while g_load is false, i.e. inside git_libgit2_init(), which
// EnsureLibgit2() runs once; LoadTlsCertificates() reads it after EnsureLibgit2() returns.
std::string g_deferred_path;
bool g_loaded = false;  // the certificates are in libgit2's chain

int RealParseFile(void* chain, const char* path) {
#ifdef KEYSWEEP_STATIC_MBEDTLS
  return __real_mbedtls_x509_crt_parse_file(chain, path);
#else
  using ParseFile = int (*)(void* chain, const char* path);
  // mbedTLS's MBEDTLS_ERR_X509_FILE_IO_ERROR, for when the real parser cannot be found.
  constexpr int kFileIoError = -0x2900;
  static const auto real =
      reinterpret_cast<ParseFile>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
  return real ? real(chain, path) : kFileIoError;
#endif
}

// The variable's value; "" when it is unset or empty, which mean the same here.
std::string NonEmptyEnv(Env& env, const char* name) { return env.GetVar(name).value_or(""); }

// libgit2 takes null for "none".
const char* OrNull(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

}  // namespace

Status LoadTlsCertificates(Env& env) {
  EnsureLibgit2();
  if (g_loaded) return {};  // an earlier fetch of this run loaded them
  g_load = true;
  std::string file = NonEmptyEnv(env, "SSL_CERT_FILE");
  const std::string dir = NonEmptyEnv(env, "SSL_CERT_DIR");
  if (file.empty() && dir.empty()) {
    // Nothing deferred: libgit2 uses another TLS backend, or found no bundle at start-up.
    if (g_deferred_path.empty()) return {};
    file = g_deferred_path;
  }
  if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, OrNull(file), OrNull(dir)) != 0) {
    return LastError("cannot load the CA certificates for HTTPS");
  }
  g_loaded = true;
  return {};
}

}  // namespace ks::git

// The deferring parser (see the header). Static mbedTLS: the wrapper the linker sends libgit2's
// calls to. Shared mbedTLS: the interposer, resolved in place of libmbedx509's function for every
// caller in the process, libgit2 included. The chain type is opaque here; C linkage ignores it.
#ifdef KEYSWEEP_STATIC_MBEDTLS
extern "C" int __wrap_mbedtls_x509_crt_parse_file(void* chain, const char* path) {
#else
extern "C" int mbedtls_x509_crt_parse_file(void* chain, const char* path) {
#endif
  if (!ks::git::g_load) {
    ks::git::g_deferred_path = path ? path : "";
    return 0;
  }
  return ks::git::RealParseFile(chain, path);
}
