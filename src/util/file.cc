#include "util/file.h"

#include <fstream>
#include <sstream>

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

}  // namespace ks
