#include "cli/app.h"

int main(int argc, char** argv) { return ks::cli::Main(argc, argv); }
