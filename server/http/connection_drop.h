// Dropping a client's connection from inside a handler (fault injection, "drop": true).
// The socket is the connection engine's current connection (http/connection.h); outside
// the engine it is found by its address pair (local and remote address and port of the
// request). It is shut down; the server then fails to write the response and closes it.
// Call from the request's worker thread only, while the request is being handled.
#pragma once

#include <httplib.h>

namespace bolna {

// Turns `res` into a response that cannot be written (status 0, a body provider that
// fails): even if the socket were never shut down, the client gets an unparsable status
// line and the connection is closed.
void prepare_drop(httplib::Response& res);

// Shuts down the request's socket so the client sees the connection close before any byte
// of a response. Returns false when the socket was not found.
bool shutdown_connection(const httplib::Request& req);

}  // namespace bolna
