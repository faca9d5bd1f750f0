// Rendering playbooks: the list, one playbook on its own (every value a <MARKER>), and the
// response to each incident of a report, with the finding's values filled in.
#pragma once

#include <string>
#include <string_view>

#include "playbook/doc.h"
#include "playbook/incident.h"
#include "playbook/playbook.h"

namespace ks::playbook {

struct RenderOptions {
  Lang lang = Lang::kEn;
  Format format = Format::kMarkdown;
  std::string report = "REPORT.json";  // the report's path, for the `keysweep verify` hint
};

// One line per playbook: its id and one-line summary, then how to print one.
std::string RenderList(const Catalogue& catalogue, Lang lang);

// One playbook with nothing known about the key: every value is a <MARKER> with a line on how to
// find it, and steps that depend on the region run in every region.
std::string RenderPlaybook(const Catalogue& catalogue, const Playbook& playbook,
                           const RenderOptions& opts);

// The response to every incident, most urgent first: what is known about the key, where it was
// found, the history reminder, the values still to find, then the playbook's steps with the
// incident's values filled in.
std::string RenderIncidents(const Catalogue& catalogue, const IncidentList& incidents,
                            const RenderOptions& opts);

// RenderIncidents() for the findings of a JSON report (`keysweep playbook --from`); errors say
// what is wrong with the report.
Result<std::string> RenderReport(const Catalogue& catalogue, std::string_view report_json,
                                 const RenderOptions& opts);

}  // namespace ks::playbook
