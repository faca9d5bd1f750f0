// Whole files: reading the small ones keysweep loads (rules, cached databases, hooks). Replacing
// a file safely is AtomicFile's job (util/atomic_file.h).
#pragma once

#include <string>

#include "util/result.h"  // kept: files that read with this one also use Result

namespace ks {

// Replaces *out with the file's bytes; false if it cannot be opened or read.
bool ReadFileToString(const std::string& path, std::string* out);

}  // namespace ks
