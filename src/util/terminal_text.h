// Text from outside keysweep (file names, authors, repository configuration) made safe to print
// on a terminal, so that a hostile name cannot move the cursor, retitle the window or make one
// path display as another.
//
// A pure function of its argument: thread-safe, no state.
#pragma once

#include <string>
#include <string_view>

namespace ks {

// Escapes, as \xNN per byte of its UTF-8 encoding, everything a terminal could act on or that
// could make one name look like another: C0 and C1 controls, DEL, Unicode's format characters
// (category Cf: bidirectional marks, embeddings, overrides and isolates; zero-width space, joiners
// and word joiner; the byte order mark; tags; ...), line and paragraph separators, bytes that are
// not well-formed UTF-8, and backslash (so an escape cannot be faked). Other UTF-8 passes
// through. One form for all of them: ESC is \x1b, U+202E is \xe2\x80\xae, U+200B \xe2\x80\x8b.
// The result holds no byte below 0x20, no DEL and no C1 control, so it is safe to wrap in the
// caller's own escape sequences (colour).
std::string TerminalSafe(std::string_view s);

}  // namespace ks
