#include "engine/pattern_db.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <utility>

#include "engine/pattern_db_impl.h"

namespace ks {
namespace {

using engine_detail::CompileError;
using engine_detail::Database;
using engine_detail::ExprInfo;
using engine_detail::Scratch;

// Both engines see ^ and $ at line boundaries; neither decodes UTF-8, so both match bytes.
constexpr unsigned kHsFlags = HS_FLAG_MULTILINE;
constexpr std::string_view kEnvelopeMagic = "keysweep-hsdb-1\n";

std::string RuleError(const Rule& r, std::string_view msg) {
  return fmt::format("{}: rule {}: {}", r.pattern_loc.ToString(), r.id, msg);
}

std::unique_ptr<re2::RE2> BuildRegex(const Rule& r) {
  re2::RE2::Options opts;
  opts.set_encoding(re2::RE2::Options::EncodingLatin1);
  opts.set_log_errors(false);
  return std::make_unique<re2::RE2>("(?m)" + r.pattern, opts);
}

Result<std::unique_ptr<re2::RE2>> MakeRegex(const Rule& r) {
  auto re = BuildRegex(r);
  if (!re->ok())
    return MakeError(ErrorKind::kRules, RuleError(r, "RE2 rejects the pattern: " + re->error()));
  const int max_group = *std::max_element(r.secret_groups.begin(), r.secret_groups.end());
  if (max_group > re->NumberOfCapturingGroups()) {
    return MakeError(ErrorKind::kRules,
                     RuleError(r, fmt::format("secret_group {} but the pattern has {} groups",
                                              max_group, re->NumberOfCapturingGroups())));
  }
  return re;
}

// Asks Hyperscan whether it can compile the pattern exactly, as a prefilter, or not at all.
// With `prefilter_only`, only the prefilter form is considered.
Result<RuleCompileInfo> AnalyzeForHyperscan(const Rule& r, bool prefilter_only = false) {
  RuleCompileInfo out;
  for (const bool prefilter : {false, true}) {
    if (prefilter_only && !prefilter) continue;
    hs_expr_info_t* raw_info = nullptr;
    hs_compile_error_t* raw_err = nullptr;
    const unsigned flags = kHsFlags | (prefilter ? HS_FLAG_PREFILTER : 0u);
    const hs_error_t rc = hs_expression_info(r.pattern.c_str(), flags, &raw_info, &raw_err);
    ExprInfo info(raw_info);
    CompileError err(raw_err);
    if (rc != HS_SUCCESS) {
      if (prefilter)
        return MakeError(
            ErrorKind::kRules,
            RuleError(r, std::string("Hyperscan rejects the pattern: ") + err->message));
      continue;
    }
    if (info->min_width == 0)
      return MakeError(ErrorKind::kRules, RuleError(r, "pattern can match the empty string"));
    out.prefilter = prefilter;
    out.max_width = std::min<size_t>(info->max_width, kMaxConfirmWindow);
    return out;
  }
  return out;  // unreachable: the prefilter pass returns either way
}

// One hs_compile_multi attempt over every rule with its current exact/prefilter choice.
hs_error_t TryCompile(PatternDb::Impl& impl, CompileError* err) {
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < impl.rules.size(); ++i) {
    exprs.push_back(impl.rules[i].pattern.c_str());
    flags.push_back(kHsFlags | (impl.info[i].prefilter ? HS_FLAG_PREFILTER : 0u));
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* raw_err = nullptr;
  const hs_error_t rc =
      hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &db, &raw_err);
  err->reset(raw_err);
  impl.db.reset(db);
  return rc;
}

// Some patterns pass hs_expression_info but are too large to compile exactly ("Pattern is too
// large"); those fall back to a prefilter, one at a time, until the database compiles.
Status CompileDatabase(PatternDb::Impl& impl) {
  for (size_t attempt = 0; attempt <= impl.rules.size(); ++attempt) {
    CompileError err;
    if (TryCompile(impl, &err) == HS_SUCCESS) return {};
    const int at = err ? err->expression : -1;
    const std::string what = err ? err->message : "unknown error";
    if (at < 0)
      return MakeError(ErrorKind::kEngine, "Hyperscan could not compile the rules: " + what);
    const size_t i = static_cast<size_t>(at);
    auto prefilter = impl.info[i].prefilter ? MakeError(ErrorKind::kRules, "")
                                            : AnalyzeForHyperscan(impl.rules[i], true);
    if (!prefilter.ok())
      return MakeError(ErrorKind::kRules, RuleError(impl.rules[i], "Hyperscan: " + what));
    impl.info[i] = prefilter.value();
  }
  return MakeError(ErrorKind::kEngine, "Hyperscan could not compile the rules");
}

Status AllocPrototypeScratch(PatternDb::Impl& impl) {
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(impl.db.get(), &scratch) != HS_SUCCESS) {
    return MakeError(ErrorKind::kEngine, "Hyperscan could not allocate scratch space");
  }
  impl.prototype.reset(scratch);
  return {};
}

// Validates every rule with both engines: the regexes are built now (not lazily) because a
// pattern RE2 rejects must fail the compile, with its file:line.
Status PrepareRules(PatternDb::Impl& impl) {
  std::vector<std::string> errors;
  for (size_t i = 0; i < impl.rules.size(); ++i) {
    const Rule& r = impl.rules[i];
    auto re = MakeRegex(r);
    if (!re.ok()) errors.push_back(re.error().message);
    LazyRegex& slot = impl.regexes[i];
    std::call_once(slot.once, [&] { slot.re = re.ok() ? std::move(re).value() : nullptr; });
    auto info = AnalyzeForHyperscan(r);
    if (!info.ok()) errors.push_back(info.error().message);
    impl.info.push_back(info.ok() ? info.value() : RuleCompileInfo{});
  }
  if (errors.empty()) return {};
  std::string joined;
  for (const auto& e : errors) joined += (joined.empty() ? "" : "\n") + e;
  return MakeError(ErrorKind::kRules, joined);
}

// Envelope: magic, digest line, rule count, one "width prefilter" line per rule, then Hyperscan's
// own serialized bytes.
bool ParseEnvelope(std::string_view bytes, std::string_view digest, PatternDb::Impl& impl,
                   std::string_view* hs_bytes) {
  auto next_line = [&bytes](std::string_view* line) {
    const size_t nl = bytes.find('\n');
    if (nl == std::string_view::npos) return false;
    *line = bytes.substr(0, nl);
    bytes.remove_prefix(nl + 1);
    return true;
  };
  auto parse_num = [](std::string_view s, size_t* v) {
    return std::from_chars(s.data(), s.data() + s.size(), *v).ec == std::errc();
  };
  if (bytes.substr(0, kEnvelopeMagic.size()) != kEnvelopeMagic) return false;
  bytes.remove_prefix(kEnvelopeMagic.size());
  std::string_view line;
  size_t count = 0;
  if (!next_line(&line) || line != digest) return false;
  if (!next_line(&line) || !parse_num(line, &count) || count != impl.rules.size()) return false;
  for (size_t i = 0; i < count; ++i) {
    size_t width = 0;
    if (!next_line(&line) || line.size() < 3 || !parse_num(line.substr(0, line.size() - 2), &width))
      return false;
    impl.info.push_back(RuleCompileInfo{std::min(width, kMaxConfirmWindow), line.back() == '1'});
  }
  *hs_bytes = bytes;
  return true;
}

std::unique_ptr<PatternDb::Impl> MakeImpl(RuleSet rules) {
  auto impl = std::make_unique<PatternDb::Impl>();
  impl->regexes = std::make_unique<LazyRegex[]>(rules.size());
  impl->rules = std::move(rules);
  return impl;
}

}  // namespace

PatternDb::PatternDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PatternDb::~PatternDb() = default;

Result<std::shared_ptr<const PatternDb>> PatternDb::Compile(RuleSet rules) {
  auto impl = MakeImpl(std::move(rules));
  if (Status s = PrepareRules(*impl); !s) return s.error();
  if (Status s = CompileDatabase(*impl); !s) return s.error();
  if (Status s = AllocPrototypeScratch(*impl); !s) return s.error();
  return std::shared_ptr<const PatternDb>(new PatternDb(std::move(impl)));
}

Result<std::shared_ptr<const PatternDb>> PatternDb::Deserialize(RuleSet rules,
                                                                std::string_view bytes) {
  auto impl = MakeImpl(std::move(rules));
  std::string_view hs_bytes;
  if (!ParseEnvelope(bytes, impl->rules.digest(), *impl, &hs_bytes)) {
    return MakeError(ErrorKind::kEngine, "serialized database does not match these rules");
  }
  hs_database_t* db = nullptr;
  const hs_error_t rc = hs_deserialize_database(hs_bytes.data(), hs_bytes.size(), &db);
  impl->db.reset(db);
  if (rc != HS_SUCCESS) {
    return MakeError(ErrorKind::kEngine, fmt::format("Hyperscan cannot load the serialized "
                                                     "database here (error {})",
                                                     rc));
  }
  if (Status s = AllocPrototypeScratch(*impl); !s) return s.error();
  return std::shared_ptr<const PatternDb>(new PatternDb(std::move(impl)));
}

std::string PatternDb::Serialize() const {
  char* raw = nullptr;
  size_t len = 0;
  if (hs_serialize_database(impl_->db.get(), &raw, &len) != HS_SUCCESS) return {};
  std::unique_ptr<char, decltype(&std::free)> hs_bytes(raw, &std::free);
  std::string out(kEnvelopeMagic);
  out += fmt::format("{}\n{}\n", impl_->rules.digest(), impl_->rules.size());
  for (const RuleCompileInfo& info : impl_->info) {
    out += fmt::format("{} {}\n", info.max_width, info.prefilter ? 1 : 0);
  }
  out.append(hs_bytes.get(), len);
  return out;
}

const RuleSet& PatternDb::rules() const { return impl_->rules; }
// A deserialized database was compiled from rules with the same digest, whose regexes were
// validated then; building one here cannot fail short of a different RE2 library, in which case
// the failed RE2 matches nothing and `rules check` reports the rule's examples as missed.
const re2::RE2& PatternDb::Regex(size_t rule) const {
  LazyRegex& slot = impl_->regexes[rule];
  std::call_once(slot.once, [&] { slot.re = BuildRegex(impl_->rules[rule]); });
  return *slot.re;
}
size_t PatternDb::MaxWidth(size_t rule) const { return impl_->info[rule].max_width; }
bool PatternDb::Prefiltered(size_t rule) const { return impl_->info[rule].prefilter; }

std::string HyperscanVersion() { return hs_version(); }

}  // namespace ks
