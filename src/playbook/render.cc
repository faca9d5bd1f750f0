#include "playbook/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "playbook/strings.h"

namespace ks::playbook {
namespace {

constexpr size_t kMaxLocations = 10;  // a key copied into 200 files needs the report, not a list

// The loop every per-region step runs in: only the regions enabled for the account, which are
// the ones an attacker can use.
constexpr std::string_view kRegionLoopHead =
    "for region in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do\n"
    "  echo \"== $region\"\n";

// `s` as one shell word if it needs no quoting; otherwise the generic name, so a hostile report
// path cannot put anything else on the command line we print.
std::string ShellWord(const std::string& s) {
  const bool plain = !s.empty() && s.front() != '-' && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("._/+-").find(c) != std::string_view::npos;
  });
  return plain ? s : "REPORT.json";
}

// A playbook's prose with the values filled in, each set as code.
std::string Prose(const Doc& doc, std::string_view text, const Values& values,
                  std::set<Placeholder>* missing) {
  return Fill(text, values, missing, [&doc](std::string_view v) { return doc.Code(v); });
}

// Builds one document (a single playbook, or the response to every incident of a report).
class Renderer {
 public:
  Renderer(const Catalogue& catalogue, const RenderOptions& opts)
      : catalogue_(catalogue), opts_(opts), doc_(opts.format) {}

  std::string Playbook(const playbook::Playbook& pb);
  std::string Incidents(const IncidentList& list);

 private:
  std::string_view ui(Msg m) const { return Ui(m, opts_.lang); }
  Doc NewDoc() const { return Doc(opts_.format); }

  void Incident(int number, const playbook::Incident& incident);
  void Facts(const playbook::Incident& incident);
  void Locations(const std::vector<Finding>& findings);
  std::string Location(const Finding& f) const;
  // The phases and the escalation, at heading `level`, and before them the values to fill in.
  void Body(const playbook::Playbook& pb, const Values& values, int level);
  void Steps(Doc* doc, const playbook::Playbook& pb, const Values& values, int level,
             std::set<Placeholder>* missing) const;
  std::string StepCode(const Step& step, const Values& values,
                       std::set<Placeholder>* missing) const;
  void FillIn(std::set<Placeholder> missing, const Values& values, int level);
  void Escalation(Doc* doc, const playbook::Playbook& pb, const Values& values, int level,
                  std::set<Placeholder>* missing) const;

  const Catalogue& catalogue_;
  const RenderOptions& opts_;
  Doc doc_;
};

std::string Renderer::Playbook(const playbook::Playbook& pb) {
  doc_.Heading(1, fmt::format("{}: {}", pb.id, pb.title.In(opts_.lang)));
  doc_.Paragraph(pb.summary.In(opts_.lang));
  doc_.Note(ui(Msg::kHistoryReminder));
  Body(pb, Values{}, 2);
  return doc_.str();
}

std::string Renderer::Incidents(const IncidentList& list) {
  doc_.Heading(1, ui(Msg::kIncidentsTitle));
  const auto live = std::count_if(list.incidents.begin(), list.incidents.end(), [](auto& i) {
    return i.verdict.status == verify::Status::kValid;
  });
  if (list.incidents.empty()) {
    doc_.Paragraph(ui(Msg::kNoFindings));
  } else {
    doc_.Paragraph(fmt::format(fmt::runtime(ui(Msg::kIncidentsIntro)),
                               fmt::arg("count", list.incidents.size()), fmt::arg("live", live)));
  }
  if (list.examples > 0) {
    doc_.Paragraph(
        fmt::format(fmt::runtime(ui(Msg::kExamplesLeftOut)), fmt::arg("count", list.examples)));
  }
  if (list.canaries > 0) {
    doc_.Paragraph(
        fmt::format(fmt::runtime(ui(Msg::kCanariesLeftOut)), fmt::arg("count", list.canaries)));
  }
  for (size_t i = 0; i < list.incidents.size(); ++i) {
    doc_.Separator();
    Incident(static_cast<int>(i + 1), list.incidents[i]);
  }
  return doc_.str();
}

void Renderer::Incident(int number, const playbook::Incident& incident) {
  const Finding& first = incident.findings.front();
  const bool live = incident.verdict.status == verify::Status::kValid;
  if (incident.values.key_id) {
    doc_.Heading(2, fmt::format(fmt::runtime(ui(Msg::kIncidentKey)), fmt::arg("n", number),
                                fmt::arg("key", doc_.Code(*incident.values.key_id)),
                                fmt::arg("live", live ? ui(Msg::kLiveTag) : "")));
  } else {
    doc_.Heading(2, fmt::format(fmt::runtime(ui(Msg::kIncidentKeyless)), fmt::arg("n", number),
                                fmt::arg("rule", doc_.Code(first.rule)),
                                fmt::arg("path", doc_.Code(first.path))));
  }
  const playbook::Playbook* pb = catalogue_.Find(incident.playbook);
  if (pb != nullptr) {
    doc_.Paragraph(fmt::format(fmt::runtime(ui(Msg::kPlaybookLine)),
                               fmt::arg("id", doc_.Code(pb->id)),
                               fmt::arg("title", pb->title.In(opts_.lang))));
    doc_.Paragraph(pb->summary.In(opts_.lang));
  }
  Facts(incident);
  doc_.Heading(3, ui(Msg::kWhereFound));
  Locations(incident.findings);
  doc_.Note(ui(Msg::kHistoryReminder));
  if (pb == nullptr) {
    doc_.Paragraph(fmt::format(fmt::runtime(ui(Msg::kNoPlaybook)),
                               fmt::arg("id", doc_.Code(incident.playbook))));
    return;
  }
  Body(*pb, incident.values, 3);
}

void Renderer::Facts(const playbook::Incident& incident) {
  const Values& v = incident.values;
  const verify::Verdict& verdict = incident.verdict;
  const auto label = [&](Msg m) { return fmt::format("{}: ", ui(m)); };
  if (v.key_id) doc_.Bullet(label(Msg::kKeyIdLabel) + doc_.Code(*v.key_id));
  if (v.account) {
    const bool from_sts = verdict.status == verify::Status::kValid && verdict.account == *v.account;
    doc_.Bullet(fmt::format("{}{}{}", label(Msg::kAccountLabel), doc_.Code(*v.account),
                            ui(from_sts ? Msg::kAccountFromSts : Msg::kAccountOffline)));
  }
  if (verdict.status == verify::Status::kValid && !verdict.arn.empty()) {
    doc_.Bullet(label(Msg::kArnLabel) + doc_.Code(verdict.arn));
  }
  if (v.region) doc_.Bullet(label(Msg::kRegionLabel) + doc_.Code(*v.region));
  const std::string reason = doc_.Code(verdict.reason);
  const std::string report = ShellWord(opts_.report);
  doc_.Bullet(label(Msg::kStatusLabel) + fmt::format(fmt::runtime(VerdictText(verdict, opts_.lang)),
                                                     fmt::arg("reason", reason),
                                                     fmt::arg("report", report)));
}

void Renderer::Locations(const std::vector<Finding>& findings) {
  for (size_t i = 0; i < findings.size() && i < kMaxLocations; ++i) {
    doc_.Bullet(Location(findings[i]));
  }
  if (findings.size() > kMaxLocations) {
    doc_.Bullet(fmt::format(fmt::runtime(ui(Msg::kMoreLocations)),
                            fmt::arg("count", findings.size() - kMaxLocations)));
  }
}

std::string Renderer::Location(const Finding& f) const {
  const std::string loc = doc_.Code(fmt::format("{}:{}:{}", f.path, f.line, f.column));
  const std::string rule = doc_.Code(f.rule);
  if (!f.commit) {
    return fmt::format(fmt::runtime(ui(Msg::kLocation)), fmt::arg("loc", loc),
                       fmt::arg("rule", rule));
  }
  const std::string commit = doc_.Code(f.commit->substr(0, 12));
  const std::string author =
      doc_.Code(fmt::format("{} <{}>", f.author.value_or(""), f.email.value_or("")));
  const std::string date = doc_.Code(f.date.value_or(""));
  return fmt::format(fmt::runtime(ui(Msg::kLocationHistory)), fmt::arg("loc", loc),
                     fmt::arg("rule", rule), fmt::arg("commit", commit), fmt::arg("author", author),
                     fmt::arg("date", date));
}

void Renderer::Body(const playbook::Playbook& pb, const Values& values, int level) {
  std::set<Placeholder> missing;
  Doc steps = NewDoc();
  Steps(&steps, pb, values, level, &missing);
  Escalation(&steps, pb, values, level, &missing);
  FillIn(missing, values, level);
  doc_.Append(steps);
}

void Renderer::Steps(Doc* doc, const playbook::Playbook& pb, const Values& values, int level,
                     std::set<Placeholder>* missing) const {
  int phase_number = 0;
  for (Phase phase : kPhases) {
    doc->Heading(level, fmt::format("{}. {}", ++phase_number, PhaseTitle(phase, opts_.lang)));
    int number = 0;
    for (const Step& step : pb.steps(phase)) {
      // A step for another kind of identity than the one STS confirmed does not apply.
      if (step.identity != Identity::kUnknown && values.identity != Identity::kUnknown &&
          step.identity != values.identity) {
        continue;
      }
      doc->Step(++number, Prose(*doc, step.action.In(opts_.lang), values, missing),
                Prose(*doc, step.why.In(opts_.lang), values, missing),
                StepCode(step, values, missing));
    }
  }
}

std::string Renderer::StepCode(const Step& step, const Values& values,
                               std::set<Placeholder>* missing) const {
  const bool loop =
      step.loop == RegionLoop::kAlways || (step.loop == RegionLoop::kWhenUnknown && !values.region);
  Values in_loop = values;
  if (loop) in_loop.region = "\"$region\"";
  std::string body;
  for (const std::string& cmd : step.commands) {
    body.append(body.empty() ? "" : "\n").append(loop ? "  " : "");
    body.append(Fill(cmd, in_loop, missing));
  }
  if (!loop) return body;
  return std::string(kRegionLoopHead).append(body).append("\ndone");
}

void Renderer::FillIn(std::set<Placeholder> missing, const Values& values, int level) {
  if (missing.empty()) return;
  std::map<Placeholder, std::string> hints;  // in kPlaceholders order
  for (Placeholder p : kPlaceholders) {
    if (missing.count(p) != 0) hints[p] = Fill(PlaceholderHint(p, opts_.lang), values, &missing);
  }
  // A hint names {key_id}; when that is unknown too, its own hint is needed.
  if (missing.count(Placeholder::kKeyId) != 0 && hints.count(Placeholder::kKeyId) == 0) {
    hints[Placeholder::kKeyId] =
        Fill(PlaceholderHint(Placeholder::kKeyId, opts_.lang), values, &missing);
  }
  doc_.Heading(level, ui(Msg::kFillIn));
  doc_.Paragraph(ui(Msg::kFillInIntro));
  for (const auto& [p, hint] : hints)
    doc_.Bullet(fmt::format("{}: {}", doc_.Code(Marker(p)), hint));
}

void Renderer::Escalation(Doc* doc, const playbook::Playbook& pb, const Values& values, int level,
                          std::set<Placeholder>* missing) const {
  if (!pb.escalate) return;
  const playbook::Playbook* to = catalogue_.Find(pb.escalate->to);
  if (to == nullptr) return;  // the loader checks escalations; a partial catalogue may lack one
  doc->Heading(level, ui(Msg::kEscalate));
  doc->Paragraph(Prose(*doc, pb.escalate->when.In(opts_.lang), values, missing));
  const std::string command = doc->Code(fmt::format("keysweep playbook {}", to->id));
  doc->Paragraph(fmt::format(fmt::runtime(ui(Msg::kEscalateTo)),
                             fmt::arg("title", to->title.In(opts_.lang)),
                             fmt::arg("command", command)));
}

}  // namespace

std::string RenderList(const Catalogue& catalogue, Lang lang) {
  size_t width = 0;
  for (const auto& pb : catalogue.all()) width = std::max(width, pb.id.size());
  std::string out;
  for (const auto& pb : catalogue.all()) {
    out.append(fmt::format("{:<{}}  {}\n", pb.id, width, pb.summary.In(lang)));
  }
  return out.append("\n").append(Ui(Msg::kListFooter, lang)).append("\n");
}

std::string RenderPlaybook(const Catalogue& catalogue, const Playbook& playbook,
                           const RenderOptions& opts) {
  return Renderer(catalogue, opts).Playbook(playbook);
}

std::string RenderIncidents(const Catalogue& catalogue, const IncidentList& incidents,
                            const RenderOptions& opts) {
  return Renderer(catalogue, opts).Incidents(incidents);
}

Result<std::string> RenderReport(const Catalogue& catalogue, std::string_view report_json,
                                 const RenderOptions& opts) {
  auto findings = ReadReport(report_json);
  if (!findings.ok()) return findings.error();
  return RenderIncidents(catalogue, GroupIncidents(findings.value()), opts);
}

}  // namespace ks::playbook
