// Whole-file reads for the small files keysweep loads (rules, cached databases, hooks).
#pragma once

#include <string>

namespace ks {

// Replaces *out with the file's bytes; false if it cannot be opened or read.
bool ReadFileToString(const std::string& path, std::string* out);

}  // namespace ks
