// ByteReader: a source of bytes read front to back, for content too large to hold whole (a big
// file, a blob or commit message streamed out of the object database). The scanner reads it in
// fixed-size chunks (pipeline/blob_scanner.h), so memory stays bounded whatever its size.
//
// One reader belongs to one thread at a time; it is not rewound.
#pragma once

#include <cstddef>

#include "util/result.h"

namespace ks {

class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Reads up to `n` bytes into `dst` and returns how many; 0 means the end. An error ends the
  // read: the caller reports it and stops.
  virtual Result<size_t> Read(char* dst, size_t n) = 0;
};

}  // namespace ks
