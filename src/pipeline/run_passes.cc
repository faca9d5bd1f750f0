#include "pipeline/run_passes.h"

#include <string>

#include "aws/pairing.h"
#include "aws/smtp.h"
#include "builtin/builtin.h"
#include "findings/smtp_linkage.h"

namespace ks {
namespace {

void LinkSmtp(std::vector<Finding>& findings) {
  static const std::vector<std::string> kRegions =
      aws::ParseRegionList(builtin::DataFile("ses-regions.txt"));
  LinkSmtpPasswords(std::string(aws::kSmtpPasswordRule), std::string(aws::kSecretKeyRule), kRegions,
                    &findings);
}

Result<PassResult> Deliver(const std::vector<Finding>& findings, const PassOptions& opts,
                           FindingSink& sink) {
  PassResult result;
  for (const Finding& f : findings) {
    const bool live = f.verification.status == verify::Status::kValid;
    if (opts.only_verified && !live) continue;
    if (Status s = sink.Accept(f); !s) return s.error();
    ++result.reported;
    result.live += live ? 1 : 0;
    result.failing += !opts.fails || opts.fails(f) ? 1 : 0;
  }
  return result;
}

}  // namespace

Result<PassResult> RunPasses(std::vector<Finding>& findings, const PassOptions& opts,
                             FindingSink& sink) {
  LinkSmtp(findings);
  if (opts.suppress) std::erase_if(findings, opts.suppress);
  if (opts.verify) VerifyFindings(findings, *opts.verify);
  return Deliver(findings, opts, sink);
}

}  // namespace ks
