// The renderer's own words (headings, labels, status lines, how to find an unknown value), in
// both languages. The playbooks' content is data (patterns/playbooks/); these are the frame
// around it. Strings with {name} fields are fmt format strings.
#pragma once

#include <string_view>

#include "playbook/playbook.h"
#include "playbook/values.h"
#include "verify/verdict.h"

namespace ks::playbook {

enum class Msg {
  kIncidentsTitle,
  kIncidentsIntro,  // {count} {live}
  kNoFindings,
  kExamplesLeftOut,  // {count}
  kCanariesLeftOut,  // {count}
  kIncidentKey,      // {n} {key} {live}
  kIncidentKeyless,  // {n} {rule} {path}
  kLiveTag,          // the {live} of kIncidentKey
  kPlaybookLine,     // {id} {title}
  kKeyIdLabel,
  kAccountLabel,
  kAccountFromSts,
  kAccountOffline,
  kArnLabel,
  kRegionLabel,
  kStatusLabel,
  kWhereFound,
  kLocation,         // {loc} {rule}
  kLocationHistory,  // {loc} {rule} {commit} {author} {date}
  kMoreLocations,    // {count}
  kHistoryReminder,
  kFillIn,
  kFillInIntro,
  kEscalate,
  kEscalateTo,  // {title} {command}
  kNoPlaybook,  // {id}
  kListFooter,
};

std::string_view Ui(Msg m, Lang lang);
std::string_view PhaseTitle(Phase p, Lang lang);
// How to find a value the report does not give; may hold {key_id}.
std::string_view PlaceholderHint(Placeholder p, Lang lang);
// One line on what the live check said about the key, and so how urgent it is; may hold
// {reason} and {report}.
std::string_view VerdictText(const verify::Verdict& v, Lang lang);

}  // namespace ks::playbook
