// Text from outside keysweep (file names, authors, repository configuration) made safe to print
// on a terminal, so that a hostile name cannot move the cursor, retitle the window or make one
// path display as another.
//
// A pure function of its argument: thread-safe, no state.
#pragma once

#include <string>
#include <string_view>

namespace ks {

// Escapes, as \xNN per byte, everything a terminal could act on: C0 and C1 controls, DEL,
// bidirectional overrides and isolates, line and paragraph separators, bytes that are not
// well-formed UTF-8, and backslash (so an escape cannot be faked). Other UTF-8 passes through.
std::string TerminalSafe(std::string_view s);

}  // namespace ks
