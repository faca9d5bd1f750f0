#include "verify/curl_library.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include "verify/curl_functions.h"

namespace ks::verify {
namespace {

// The soname of Debian's libcurl4 (OpenSSL flavour), the one libcurl4-openssl-dev's headers
// describe. The GnuTLS and NSS flavours (libcurl-gnutls.so.4, libcurl-nss.so.4) have the same
// API but are not what keysweep is built and tested against.
constexpr const char* kSoname = "libcurl.so.4";
constexpr const char* kPackage = "libcurl4";

// The oldest library the compiled code works with: 7.80 for curl_url_strerror, or 7.85 when the
// headers have CURLOPT_PROTOCOLS_STR, which http_client.cc then sets (an older library would
// reject the option, and the request would fail with a vaguer message).
constexpr unsigned kMinimumVersion = LIBCURL_VERSION_NUM >= 0x075500 ? 0x075500 : 0x075000;

std::string VersionName(unsigned num) {
  return fmt::format("{}.{}.{}", num >> 16, (num >> 8) & 0xffU, num & 0xffU);
}

// dlsym gives a void*; turning it into a function pointer is conditionally supported in C++ and
// always works on POSIX systems, which require it for dlsym to be usable at all.
template <typename Function>
bool Resolve(void* handle, const char* name, Function& out) {
  void* symbol = ::dlsym(handle, name);
  if (symbol == nullptr) return false;
  out = reinterpret_cast<Function>(symbol);
  return true;
}

// Fills `f` and returns "", or returns why the library cannot be used.
std::string Load(CurlFunctions& f, std::string& version) {
  // RTLD_NOW: a missing dependency or symbol fails here rather than at some later call.
  // RTLD_LOCAL: libcurl's dependencies stay out of the global symbol namespace; keysweep only
  // reaches them through the pointers below. Never dlclose'd: see LoadCurl().
  void* handle = ::dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    return fmt::format("cannot load {}, which --verify needs (install the Debian package {}): {}",
                       kSoname, kPackage, why != nullptr ? why : "unknown error");
  }
  std::string missing;
#define KS_CURL_RESOLVE(name)                        \
  if (!Resolve(handle, #name, f.name)) {             \
    missing += missing.empty() ? #name : ", " #name; \
  }
  KS_CURL_FUNCTIONS(KS_CURL_RESOLVE)
#undef KS_CURL_RESOLVE
  if (!missing.empty()) {
    return fmt::format("{} has no {}: --verify needs libcurl {} or later (Debian package {})",
                       kSoname, missing, VersionName(kMinimumVersion), kPackage);
  }
  const curl_version_info_data* info = f.curl_version_info(CURLVERSION_NOW);
  if (info == nullptr || info->version_num < kMinimumVersion) {
    return fmt::format("{} is libcurl {}: --verify needs {} or later (Debian package {})", kSoname,
                       info != nullptr ? info->version : "of unknown version",
                       VersionName(kMinimumVersion), kPackage);
  }
  // Not thread-safe on every build, and curl_easy_init would otherwise call it implicitly (and
  // racily): run once, here, before any handle exists.
  if (const CURLcode rc = f.curl_global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    return fmt::format("cannot initialise libcurl: {}", f.curl_easy_strerror(rc));
  }
  const char* name = f.curl_version();
  version = name != nullptr ? name : "";
  return "";
}

}  // namespace

const CurlLibrary& LoadCurl() {
  // A function-local static is initialised exactly once even when several threads get here
  // together (the others wait), like std::call_once.
  static const CurlLibrary library = [] {
    static CurlFunctions functions;
    CurlLibrary l;
    l.error = Load(functions, l.version);
    if (l.error.empty()) l.functions = &functions;
    return l;
  }();
  return library;
}

}  // namespace ks::verify
