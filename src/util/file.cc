#include "util/file.h"

#include <fstream>
#include <sstream>

#include "util/env.h"

namespace ks {

bool ReadFileToString(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return false;
  *out = std::move(bytes).str();
  return true;
}

Result<int> CreateTempBeside(const std::string& target, const std::string& shown,
                             std::string* temp) {
  auto made = Env::Default().CreateTempBeside(target);
  if (!made.ok()) return MakeError(ErrorKind::kInput, shown + ": " + made.error().message);
  *temp = std::move(made->path);
  return made->fd.release();
}

}  // namespace ks
