// The CA certificates libgit2 verifies HTTPS remotes with, loaded only when a fetch needs them.
//
// Why: Debian builds libgit2 over mbedTLS, and git_libgit2_init() then parses the whole system
// CA bundle (about 140 PEM certificates, 5-10 ms here) on every start. Only `history --repo
// https://…` ever speaks TLS through libgit2; the pre-commit hook, which must answer in
// milliseconds, never does. So this module takes libgit2's calls to mbedtls_x509_crt_parse_file:
// while no fetch has asked for certificates it parses nothing and remembers the path libgit2
// asked for, and LoadTlsCertificates() later loads that path (or SSL_CERT_FILE / SSL_CERT_DIR)
// for real through GIT_OPT_SET_SSL_CERT_LOCATIONS.
//
// How it takes them depends on how mbedTLS is linked (KEYSWEEP_STATIC_DEPS, set by CMake):
// - static (the default): a second definition of the function would clash with libmbedx509.a's,
//   so CMake links with -Wl,--wrap=mbedtls_x509_crt_parse_file, which sends every call from
//   another object file (libgit2's) to __wrap_mbedtls_x509_crt_parse_file and leaves mbedTLS's
//   own as __real_mbedtls_x509_crt_parse_file. Calls inside x509_crt.o (parse_path's, per file of
//   SSL_CERT_DIR) stay direct, which is what a real load wants anyway.
// - shared: the executable defines the function itself, and its definition wins over the shared
//   library's for every caller (ELF interposition); the real one is found with dlsym(RTLD_NEXT).
//
// Failing closed: until LoadTlsCertificates() runs, libgit2's mbedTLS chain is empty, so any TLS
// connection fails certificate verification rather than being trusted. With libgit2 built over
// OpenSSL (or without TLS) the function is never called and this module changes nothing.
#pragma once

#include "util/env.h"
#include "util/result.h"

namespace ks::git {

// Loads the CA certificates for libgit2's TLS connections: SSL_CERT_FILE and/or SSL_CERT_DIR
// when `env` sets them (as OpenSSL and curl honour them), otherwise the bundle libgit2 itself
// asked for at start-up. Call before fetching a remote; later calls of the run return at once.
// Not thread-safe: call while no fetch is running.
Status LoadTlsCertificates(Env& env = Env::Default());

}  // namespace ks::git
