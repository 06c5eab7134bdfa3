// Command-line parsing: defines every flag with its BOLNA_EMULATOR_* environment twin
// (a flag beats its variable) and fills a Config. Call once from main().
#pragma once

#include "common/config.h"

namespace bolna {

// Parses argv into *config. Returns -1 when the program should go on; otherwise the
// exit code to return at once (after --help, --version or a usage error, which it has
// already printed).
int parse_options(int argc, char** argv, Config* config);

}  // namespace bolna
