// Whole files: reading the small ones keysweep loads (configuration, rules, baselines, cached
// databases, hooks). Replacing a file safely is AtomicFile's job (util/atomic_file.h).
//
// Every read here is of a file that should be a regular file, and some of them are named by a
// repository keysweep does not trust (`.keysweep.yaml`, `.gitleaksignore`, a baseline). A FIFO
// put in such a place would block open() and read() forever, waiting for a writer that never
// comes; a directory would read as empty. So files are opened with O_NONBLOCK and must be
// regular files (checked with fstat on the open descriptor, so a swap after a check cannot
// slip through). Symbolic links are followed: a user's configuration may well be one.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "util/result.h"

namespace ks {

// The file's bytes. Errors (ErrorKind::kInput) say why: "not a regular file (a FIFO)", "larger
// than N bytes", or the system's reason.
Result<std::string> ReadRegularFile(const std::string& path,
                                    uint64_t max_size = std::numeric_limits<uint64_t>::max());

// ReadRegularFile() for callers that only need to know whether it worked.
bool ReadFileToString(const std::string& path, std::string* out);

// What kind of file `mode` (a stat st_mode) is, for messages: "a directory", "a FIFO", ...
const char* FileKindName(unsigned mode);

}  // namespace ks
