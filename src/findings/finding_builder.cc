#include "findings/finding_builder.h"

#include "aws/key_id.h"
#include "util/line_index.h"

namespace ks {

void FindingBuilder::Build(const Blob& blob, const std::vector<Match>& matches,
                           std::vector<Finding>* out) const {
  LineCursor cursor(blob.bytes);
  for (const Match& m : matches) {
    const Rule& rule = rules_[m.rule];
    Finding f;
    f.rule = rule.id;
    f.severity = rule.severity;
    f.playbook = rule.playbook;
    f.secret =
        Secret(std::string(blob.bytes.substr(m.secret_begin, m.secret_end - m.secret_begin)));
    f.fingerprint = Fingerprint(f.rule, f.secret);
    // A secret that is itself an access key ID names its own key.
    if (aws::ClassifyKeyId(f.secret.Reveal()) != aws::KeyIdKind::kNotAKey) {
      f.key_id = f.secret.Reveal();
      f.account_id = aws::DecodeAccountId(*f.key_id);
    }
    f.source = blob.kind;
    f.path = std::string(blob.path);
    const LineCol lc = cursor.Locate(m.secret_begin);
    f.line = lc.line;
    f.column = lc.column;
    if (!blob.oid.empty()) f.blob = std::string(blob.oid);
    out->push_back(std::move(f));
  }
}

}  // namespace ks
