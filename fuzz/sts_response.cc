// Fuzz target: the STS response parser (verify/sts_response.h) on arbitrary bodies, as they come
// from the network. It must never throw or crash, and never quote the body in an error.
#include "verify/sts_response.h"

#include <cstdint>
#include <string>

#include "fuzz_check.h"

namespace {
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = ks::fuzz::AsText(data, size);
  auto fields = ks::verify::ParseStsResponse(body);
  if (!fields.ok()) {
    FUZZ_CHECK(fields.error().kind == ks::ErrorKind::kInput);
    FUZZ_CHECK(!fields.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(size > 0 && size <= ks::verify::kMaxStsResponseBytes);
  const ks::verify::StsResponseFields& f = fields.value();
  for (const std::string* field : {&f.code, &f.account, &f.arn, &f.user_id}) {
    FUZZ_CHECK(field->empty() || (!IsSpace(field->front()) && !IsSpace(field->back())));
  }
  return 0;
}
