// `keysweep verify REPORT.json`: the live check for the findings of an earlier JSON report
// (pipeline/report_verification.h says how redacted secrets are recovered).
#include <memory>
#include <string>
#include <vector>

#include "cli/command_run.h"
#include "cli/commands.h"
#include "pipeline/report_verification.h"
#include "report/report_reader.h"

namespace ks::cli {
namespace {

struct VerifyArgs {
  std::string report;
  std::string repo = ".";
};

int RunVerify(GlobalOptions opts, const VerifyArgs& args) {
  opts.session.verify.enabled = true;
  auto run = CommandRun::Start(opts);
  if (!run.ok()) return ReportError(run.error());
  auto reported = ReadJsonReportFile(args.report);
  if (!reported.ok()) return ReportError(reported.error());
  std::vector<FindingToVerify> findings;
  for (ReportedFinding& r : *reported) findings.push_back({std::move(r.finding), r.secret_known});
  VerifyReported((*run)->session(), std::move(findings), args.repo);
  return (*run)->Finish(Summary{}, /*nothing_scanned_is_error=*/false);
}

}  // namespace

void AddVerifyCommand(CLI::App& app, GlobalOptions& opts, int* exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify",
      "Check the findings of an earlier JSON report live with STS (implies --verify)\n"
      "\n"
      "Asks AWS STS GetCallerIdentity about every key pair of the report, as --verify does "
      "during a scan: the request carries the key ID and a signature, never the secret, and "
      "shows in the key owner's CloudTrail. Secrets are taken from the report only if they "
      "reproduce the findings' fingerprints (a --show-secrets report); otherwise they are "
      "recovered from the blob or file the report names. A secret that cannot be recovered is "
      "reported as unknown and nothing is sent for it.");
  cmd->add_option("report", args->report,
                  "A report written with --format json or jsonl (several runs may be "
                  "concatenated)")
      ->required();
  cmd->add_option("--repo", args->repo,
                  "Repository holding the report's blobs, to recover redacted secrets")
      ->capture_default_str();
  cmd->footer(
      "Global options (see keysweep --help), e.g. --sts-endpoint and --format, may come before "
      "or after the command name.\n"
      "\n"
      "EXAMPLES\n"
      "  keysweep history --format json -o report.json && keysweep verify report.json\n"
      "  keysweep verify report.json --repo ~/src/app --format json -o verified.json");
  cmd->callback([&opts, args, exit_code] { *exit_code = RunVerify(opts, *args); });
}

}  // namespace ks::cli
