#include "findings/finding_builder.h"

#include "aws/examples.h"
#include "aws/key_id.h"
#include "aws/smtp.h"
#include "aws/url_escape.h"

namespace ks {
namespace {

std::string_view Span(std::string_view bytes, uint64_t begin, uint64_t end) {
  return bytes.substr(begin, end - begin);
}

}  // namespace

void ClassifyKey(const aws::CanaryAccounts& canaries, Finding* f) {
  f->account_id = f->key_id ? aws::DecodeAccountId(*f->key_id) : std::nullopt;
  f->canary = f->account_id && canaries.Contains(*f->account_id);
  const bool example_key = f->key_id && aws::ClassifyRealness(*f->key_id) != aws::Realness::kReal;
  f->example = example_key || aws::ClassifyRealness(f->secret.Reveal()) != aws::Realness::kReal;
}

void FindingBuilder::SetKey(std::string key_id, Finding* f) const {
  if (key_id.starts_with("A3T")) f->confidence = "low";
  f->key_id = std::move(key_id);
}

void FindingBuilder::Build(const Blob& blob, const std::vector<Match>& matches,
                           std::vector<Finding>* out) const {
  LineCursor cursor(blob.bytes);
  Build(blob, std::span<const Match>(matches), &cursor, out);
}

void FindingBuilder::Build(const Blob& blob, std::span<const Match> matches, LineCursor* cursor,
                           std::vector<Finding>* out) const {
  for (const Match& m : matches) {
    const Rule& rule = rules_[m.rule];
    Finding f;
    f.rule = rule.id;
    f.severity = rule.severity;
    f.playbook = rule.playbook;
    f.secret = Secret(aws::DecodeUrlEscapes(Span(blob.bytes, m.secret_begin, m.secret_end)));
    f.fingerprint = Fingerprint(f.rule, f.secret);
    // A secret that is itself an access key ID names its own key.
    if (aws::ClassifyKeyId(f.secret.Reveal()) != aws::KeyIdKind::kNotAKey) {
      SetKey(f.secret.Reveal(), &f);
    } else if (m.key_end > m.key_begin) {
      SetKey(std::string(Span(blob.bytes, m.key_begin, m.key_end)), &f);
    }
    ClassifyKey(canaries_, &f);
    if (static_cast<int>(m.rule) == aws_.smtp_password) {
      f.region = aws::FindSmtpEndpointRegion(
          aws::NeighbourhoodText(blob.bytes, m.secret_begin, m.secret_end, aws::kRegionSearchLines,
                                 aws::kRegionSearchBytes));
    }
    f.source = blob.kind;
    f.path = std::string(blob.path);
    const LineCol lc = cursor->Locate(m.secret_begin);
    f.line = lc.line;
    f.column = lc.column;
    if (!blob.oid.empty()) f.blob = std::string(blob.oid);
    out->push_back(std::move(f));
  }
}

}  // namespace ks
