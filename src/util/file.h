// Whole files: reading the small ones keysweep loads (rules, cached databases, hooks), and
// replacing one so that a reader, or a run killed halfway, sees the old file or the new one.
#pragma once

#include <string>

#include "util/result.h"

namespace ks {

// Replaces *out with the file's bytes; false if it cannot be opened or read.
bool ReadFileToString(const std::string& path, std::string* out);

// A new, empty file with mode 0600 beside `target`, for its next contents: its descriptor
// (the caller closes it), and its name in *temp (the caller renames it over `target` when
// complete, or removes it). Created with O_EXCL under a random name, so it is never an existing
// file or a symbolic link planted where the temporary was expected; in `target`'s directory, so
// that the rename stays on one filesystem. Errors name `shown`, the path as the user wrote it.
Result<int> CreateTempBeside(const std::string& target, const std::string& shown,
                             std::string* temp);

}  // namespace ks
