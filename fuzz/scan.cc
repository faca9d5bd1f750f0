// Fuzz target: the scan pipeline on arbitrary bytes with the built-in rules, as `keysweep scan`
// runs it on one file: Hyperscan candidates → RE2 confirmation and filters → credential pairing →
// finding building (cli::BlobScanner), then the run-wide pass that hands them to the reporter
// (cli::FindingCollector: SES SMTP password linkage). Checks what every reporter relies on.
// (Writing and re-reading the JSON report here halved the speed; fuzz_report_reader covers the
// reader.)
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "pipeline/blob_scanner.h"
#include "pipeline/finding_collector.h"
#include "pipeline/rule_loading.h"
#include "report/reporter.h"

namespace {

class FuzzDiagnostics : public ks::Diagnostics {
 protected:
  void OnNotice(const std::string&) override {}
  void OnError(const std::string&) override {}
};

// Checks each finding as the run hands it over, after the run-wide passes.
class CheckingReporter : public ks::Reporter {
 public:
  void OnFinding(const ks::Finding& f) override {
    ++count;
    FUZZ_CHECK(f.line >= 1 && f.column >= 1);
    FUZZ_CHECK(f.path == "fuzz");
    FUZZ_CHECK(f.secret.size() > 0);
    FUZZ_CHECK(f.fingerprint == ks::Fingerprint(f.rule, f.secret));
    FUZZ_CHECK(!f.example);  // dropped without --include-examples
    FUZZ_CHECK(f.verification.status == ks::verify::Status::kNotChecked);
    // What every report shows without --show-secrets never holds the whole secret.
    FUZZ_CHECK(f.secret.size() <= 4 ||
               f.secret.Redacted().find(f.secret.Reveal()) == std::string::npos);
  }
  void Finish(const ks::Summary&) override {}
  uint64_t count = 0;
};

// The embedded database, loaded once per process as `keysweep` does once per run.
std::shared_ptr<const ks::PatternDb> BuiltinDb() {
  static const std::shared_ptr<const ks::PatternDb> db = [] {
    auto loaded = ks::LoadRunRules(ks::RuleOptions{});
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load the built-in rules: %s\n", loaded.error().message.c_str());
      std::abort();
    }
    return loaded.value().db;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static FuzzDiagnostics diag;
  static ks::BlobScanner scanner(BuiltinDb(), &diag);
  const uint64_t errors_before = diag.errors();

  std::vector<ks::Finding> findings;
  scanner.Scan(ks::Blob{ks::fuzz::AsText(data, size), "fuzz", ks::SourceKind::kFile, {}},
               &findings);
  FUZZ_CHECK(diag.errors() == errors_before);  // a scan of bytes in memory cannot fail
  if (findings.empty()) return 0;

  const size_t count = findings.size();
  CheckingReporter reporter;
  ks::FindingCollector collector;
  collector.Add(findings);
  const auto flushed = collector.Flush(ks::PassOptions{}, reporter);
  FUZZ_CHECK(flushed.ok() && flushed->reported == count && flushed->live == 0);
  FUZZ_CHECK(reporter.count == count);
  return 0;
}
