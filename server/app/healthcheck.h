// The --healthcheck mode of the executable: probes GET /__emulator/ready of an emulator
// already running (e.g. the container's HEALTHCHECK), so no curl is needed in the image.
// Called once from main() instead of starting a server; stateless, thread-safe.
#pragma once

#include <string>

#include "common/config.h"

namespace bolna {

// The host to connect to for a server listening on `listen_host`: a wildcard address
// (0.0.0.0, ::, empty) maps to the matching loopback address; anything else is kept.
std::string probe_host(const std::string& listen_host);

// GETs http://probe_host(config.host):config.port/__emulator/ready with a short timeout.
// Returns 0 when it answers 200, 1 otherwise (with the reason on stderr).
int run_healthcheck(const Config& config);

}  // namespace bolna
