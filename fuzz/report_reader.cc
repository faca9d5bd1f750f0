// Fuzz target: the JSON report reader (report/report_reader.h) behind `keysweep verify
// REPORT.json`, on arbitrary text. The closest thing to a config or baseline parser keysweep has
// today. A finding read back as "secret known" must really reproduce its fingerprint, since only
// such secrets are ever sent to STS.
#include "report/report_reader.h"

#include <cstdint>

#include "findings/finding.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto report = ks::ReadJsonReport(ks::fuzz::AsText(data, size));
  if (!report.ok()) {
    FUZZ_CHECK(report.error().kind == ks::ErrorKind::kInput);
    return 0;
  }
  for (const ks::ReportedFinding& r : report.value()) {
    if (r.secret_known) {
      FUZZ_CHECK(ks::Fingerprint(r.finding.rule, r.finding.secret) == r.finding.fingerprint);
    }
  }
  return 0;
}
