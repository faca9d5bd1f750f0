#include "findings/smtp_linkage.h"

#include "aws/smtp.h"

namespace ks {

void LinkSmtpPasswords(const std::string& smtp_rule, const std::string& secret_rule,
                       const std::vector<std::string>& regions, std::vector<Finding>* findings) {
  std::vector<const Finding*> secrets;
  for (const Finding& f : *findings) {
    if (f.rule == secret_rule) secrets.push_back(&f);
  }
  if (secrets.empty()) return;
  for (Finding& smtp : *findings) {
    if (smtp.rule != smtp_rule) continue;
    for (const Finding* secret : secrets) {
      auto link = aws::MatchSmtpPassword(smtp.secret.Reveal(), secret->secret.Reveal(), regions);
      if (!link) continue;
      smtp.derived_from_key_id = secret->key_id;
      if (!link->region.empty()) smtp.region = link->region;
      if (!smtp.key_id && secret->key_id)
        smtp.key_id = secret->key_id, smtp.account_id = secret->account_id;
      break;
    }
  }
}

}  // namespace ks
