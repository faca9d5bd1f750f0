// libcurl, loaded at run time on first use instead of linked.
//
// Why: linking Debian's libcurl4 maps 20 more shared libraries into every keysweep process
// (libcurl itself, libssl, nghttp2, idn2, rtmp, psl, ldap, sasl, gnutls, brotli, zstd, ...), all
// built with BIND_NOW, which roughly doubled the start-up time of every run, the pre-commit
// hook's included. Only --verify runs use libcurl,
// so only they pay for it: the first LoadCurl() dlopen()s libcurl.so.4 (the soname of Debian's
// libcurl4, the OpenSSL flavour whose headers keysweep is built against), resolves the functions
// http_client.cc calls and runs curl_global_init.
//
// This header does not include <curl/curl.h>, so anything may include it (e.g. to check up front
// that --verify can work, and say why not). The function table itself is in curl_functions.h,
// which is for src/verify's .cc files only.
#pragma once

#include <string>

namespace ks::verify {

struct CurlFunctions;  // defined in verify/curl_functions.h

struct CurlLibrary {
  // Every function the table lists, resolved; null when the library could not be used.
  const CurlFunctions* functions = nullptr;
  // Why not, for humans (e.g. "cannot load libcurl.so.4, which --verify needs ..."); empty when
  // the library is loaded.
  std::string error;
  // curl_version() of the loaded library ("libcurl/7.88.1 OpenSSL/3.0.x ..."); empty when not
  // loaded. Read once at load time: curl_version() rewrites a static buffer on every call.
  std::string version;

  bool loaded() const { return functions != nullptr; }
};

// Loads and initialises libcurl on the first call; every later call (from any thread, at the
// same time or not) returns the same result without trying again. Never throws or crashes for a
// missing or unusable library: that is reported in `error`.
//
// The library is never unloaded: libcurl and the OpenSSL it initialises keep process-wide state
// (atexit handlers, thread-local destructors, global init) that must outlive every thread still
// inside Post(), and curl_global_cleanup is not thread-safe, so there is no safe moment to
// dlclose. One mapping for the rest of the process costs nothing.
const CurlLibrary& LoadCurl();

}  // namespace ks::verify
