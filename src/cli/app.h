// The command line: parses argv with CLI11 and runs one command. CLI11's exceptions stop here.
#pragma once

namespace ks::cli {

// Returns the process exit code (0 clean, 1 findings, 2 error).
int Main(int argc, char** argv);

}  // namespace ks::cli
