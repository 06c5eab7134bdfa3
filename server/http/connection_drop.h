// Dropping a client's connection from inside a handler (fault injection, "drop": true).
// cpp-httplib 0.11.4 does not hand handlers their socket, so the socket is found by its
// address pair (local and remote address and port of the request) and shut down; the
// server then fails to write the response and closes it. Call from the request's worker
// thread only, while the request is being handled.
#pragma once

#include <httplib.h>

namespace bolna {

// Makes the client see the connection close before any byte of a response. Sets `res` to
// a response that cannot be written (status 0, a body provider that fails) as a fallback:
// should the socket not be found, the client still gets an unparsable status line and the
// connection is closed. Returns true when the socket was found and shut down.
bool drop_connection(const httplib::Request& req, httplib::Response& res);

}  // namespace bolna
