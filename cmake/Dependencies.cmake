# Finds every third-party library and fails with the Debian package that provides it.
find_package(PkgConfig)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config'")
endif()

function(ks_require_pkgconfig module debian_package)
  pkg_check_modules(${module} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${module}_FOUND)
    message(FATAL_ERROR "${module} not found: install the Debian package '${debian_package}' "
                        "(or run ./scripts/install-deps.sh)")
  endif()
endfunction()

macro(ks_require_cmake package debian_package)
  find_package(${package} QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR "${package} not found: install the Debian package '${debian_package}' "
                        "(or run ./scripts/install-deps.sh)")
  endif()
endmacro()

# ks_require_archive(<variable> <file> <debian package>): the static archive's full path.
function(ks_require_archive variable file debian_package)
  find_library(${variable} NAMES ${file})
  if(NOT ${variable})
    message(FATAL_ERROR "${file} not found (KEYSWEEP_STATIC_DEPS=ON): install the Debian package "
                        "'${debian_package}' (or run ./scripts/install-deps.sh), or configure "
                        "with -DKEYSWEEP_STATIC_DEPS=OFF")
  endif()
endfunction()

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(KS_HS_PACKAGE libhyperscan-dev)
else()
  set(KS_HS_PACKAGE libvectorscan-dev)
endif()
ks_require_pkgconfig(libhs ${KS_HS_PACKAGE})
ks_require_pkgconfig(libgit2 libgit2-dev)
ks_require_pkgconfig(re2 libre2-dev)
ks_require_cmake(yaml-cpp libyaml-cpp-dev)
ks_require_cmake(CLI11 libcli11-dev)
ks_require_cmake(fmt libfmt-dev)
ks_require_cmake(nlohmann_json nlohmann-json3-dev)
ks_require_cmake(OpenSSL libssl-dev)
ks_require_cmake(CURL libcurl4-openssl-dev)  # headers only: libcurl.so.4 is loaded at run time
if(CURL_VERSION_STRING VERSION_LESS 7.80)
  message(FATAL_ERROR "libcurl ${CURL_VERSION_STRING} is too old: keysweep needs 7.80 or later "
                      "(Debian package 'libcurl4-openssl-dev')")
endif()
ks_require_cmake(pugixml libpugixml-dev)
if(KEYSWEEP_BUILD_TESTS)
  ks_require_cmake(GTest "libgtest-dev and libgmock-dev")
  find_package(Python3 COMPONENTS Interpreter)
  if(NOT Python3_FOUND)
    message(FATAL_ERROR "python3 not found (end-to-end tests): install the Debian package 'python3'")
  endif()
endif()

# The ks_dep_* targets src/ and fuzz/ link instead of the imported ones. Shared mode: the imported
# targets. Static mode (KEYSWEEP_STATIC_DEPS): the same headers, definitions and options, with
# the Debian static archives in place of the shared libraries, and fmt header-only (Debian ships
# no libfmt.a, and libfmt.so alone would keep libstdc++.so loaded).
function(ks_dependency name imported)
  add_library(ks_dep_${name} INTERFACE)
  if(NOT KEYSWEEP_STATIC_DEPS)
    target_link_libraries(ks_dep_${name} INTERFACE ${imported})
    return()
  endif()
  target_include_directories(ks_dep_${name} SYSTEM INTERFACE
                             $<TARGET_PROPERTY:${imported},INTERFACE_INCLUDE_DIRECTORIES>)
  target_compile_definitions(ks_dep_${name} INTERFACE
                             $<TARGET_PROPERTY:${imported},INTERFACE_COMPILE_DEFINITIONS>)
  target_compile_options(ks_dep_${name} INTERFACE
                         $<TARGET_PROPERTY:${imported},INTERFACE_COMPILE_OPTIONS>)
  target_link_libraries(ks_dep_${name} INTERFACE ${ARGN})
endfunction()

if(KEYSWEEP_STATIC_DEPS)
  find_package(Threads REQUIRED)
  ks_require_archive(KS_HS_ARCHIVE libhs.a ${KS_HS_PACKAGE})
  ks_require_archive(KS_RE2_ARCHIVE libre2.a libre2-dev)
  ks_require_archive(KS_YAML_ARCHIVE libyaml-cpp.a libyaml-cpp-dev)
  ks_require_archive(KS_PUGIXML_ARCHIVE libpugixml.a libpugixml-dev)
  # libgit2 and what `pkg-config --static --libs libgit2` lists, in that order.
  ks_require_archive(KS_GIT2_ARCHIVE libgit2.a libgit2-dev)
  ks_require_archive(KS_MBEDTLS_ARCHIVE libmbedtls.a libmbedtls-dev)
  ks_require_archive(KS_MBEDX509_ARCHIVE libmbedx509.a libmbedtls-dev)
  ks_require_archive(KS_MBEDCRYPTO_ARCHIVE libmbedcrypto.a libmbedtls-dev)
  ks_require_archive(KS_HTTP_PARSER_ARCHIVE libhttp_parser.a libhttp-parser-dev)
  ks_require_archive(KS_SSH2_ARCHIVE libssh2.a libssh2-1-dev)
  ks_require_archive(KS_PCRE2_ARCHIVE libpcre2-8.a libpcre2-dev)
  ks_require_archive(KS_ZLIB_ARCHIVE libz.a zlib1g-dev)
  # libgit2's Negotiate (SPNEGO) authentication needs GSSAPI, which Debian ships shared only. Its
  # development link comes with libkrb5-dev, which libgit2-dev does not pull in; the run-time
  # library (libgit2-1.5 depends on it) links as well.
  find_library(KS_GSSAPI_LIBRARY NAMES gssapi_krb5 libgssapi_krb5.so.2)
  if(NOT KS_GSSAPI_LIBRARY)
    message(FATAL_ERROR "libgssapi_krb5 not found (KEYSWEEP_STATIC_DEPS=ON): install the Debian "
                        "package 'libgssapi-krb5-2' (or 'libkrb5-dev'), or configure with "
                        "-DKEYSWEEP_STATIC_DEPS=OFF")
  endif()
endif()

ks_dependency(hs PkgConfig::libhs ${KS_HS_ARCHIVE})
ks_dependency(re2 PkgConfig::re2 ${KS_RE2_ARCHIVE} Threads::Threads)
ks_dependency(yaml yaml-cpp ${KS_YAML_ARCHIVE})
ks_dependency(pugixml pugixml::pugixml ${KS_PUGIXML_ARCHIVE})
# libssh2.a needs OpenSSL's libcrypto: the shared one ks_util links, which the dlopen()ed libcurl
# then shares.
ks_dependency(git2 PkgConfig::libgit2
              ${KS_GIT2_ARCHIVE} ${KS_MBEDTLS_ARCHIVE} ${KS_MBEDX509_ARCHIVE}
              ${KS_MBEDCRYPTO_ARCHIVE} ${KS_HTTP_PARSER_ARCHIVE} ${KS_SSH2_ARCHIVE}
              OpenSSL::Crypto rt ${KS_PCRE2_ARCHIVE} ${KS_ZLIB_ARCHIVE} ${KS_GSSAPI_LIBRARY}
              Threads::Threads)
# git/pack_stream.cc inflates packed objects itself (libgit2 1.5 cannot stream them).
find_package(ZLIB REQUIRED)
ks_dependency(zlib ZLIB::ZLIB ${KS_ZLIB_ARCHIVE})
add_library(ks_dep_fmt INTERFACE)
if(KEYSWEEP_STATIC_DEPS)
  target_link_libraries(ks_dep_fmt INTERFACE fmt::fmt-header-only)
else()
  target_link_libraries(ks_dep_fmt INTERFACE fmt::fmt)
endif()
