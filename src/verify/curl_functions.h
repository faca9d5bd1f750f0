// The libcurl functions keysweep calls, as pointers into the library curl_library.cc loads.
//
// Private to src/verify: include it only from .cc files there (it includes <curl/curl.h>, whose
// include directory only the ks_verify target has). Each pointer's type is decltype(&::name), so
// every signature comes from curl.h and none is written by hand; variadic functions
// (curl_easy_setopt, curl_easy_getinfo) are called through their pointers exactly as directly.
//
// To call a new libcurl function, add it to KS_CURL_FUNCTIONS: the loader resolves every entry,
// and a library without it is reported as unusable instead of leaving a null pointer.
#pragma once

#include <curl/curl.h>

#include "verify/curl_library.h"

static_assert(LIBCURL_VERSION_NUM >= 0x075000, "keysweep needs libcurl 7.80 or later");

// X(name) for each function. curl_url_strerror is the newest (7.80).
#define KS_CURL_FUNCTIONS(X) \
  X(curl_global_init)        \
  X(curl_version)            \
  X(curl_version_info)       \
  X(curl_free)               \
  X(curl_easy_init)          \
  X(curl_easy_cleanup)       \
  X(curl_easy_setopt)        \
  X(curl_easy_getinfo)       \
  X(curl_easy_perform)       \
  X(curl_easy_strerror)      \
  X(curl_slist_append)       \
  X(curl_slist_free_all)     \
  X(curl_url)                \
  X(curl_url_cleanup)        \
  X(curl_url_set)            \
  X(curl_url_get)            \
  X(curl_url_strerror)

namespace ks::verify {

struct CurlFunctions {
#define KS_CURL_POINTER(name) decltype(&::name) name = nullptr;
  KS_CURL_FUNCTIONS(KS_CURL_POINTER)
#undef KS_CURL_POINTER
};

// The loaded table. Only for code that has checked LoadCurl().loaded(): nothing else can hold a
// libcurl object to pass to these functions.
inline const CurlFunctions& Curl() { return *LoadCurl().functions; }

}  // namespace ks::verify
