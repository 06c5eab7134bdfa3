// Dropping a client's connection from inside a handler (fault injection, "drop": true).
// The socket is the connection engine's current connection (http/connection.h), the one
// the calling worker thread is serving; it is shut down and the engine closes it after the
// (unwritable) response. Call from the request's worker thread only, while the request is
// being handled. (An earlier fallback scanned /proc/self/fd for the socket by its address
// pair; it raced with other threads closing descriptors and is gone: every request of the
// server runs on the engine.)
#pragma once

#include <httplib.h>

namespace bolna {

// Turns `res` into a response that cannot be written (status 0, a body provider that
// fails): even if the socket were never shut down, the client gets an unparsable status
// line and the connection is closed.
void prepare_drop(httplib::Response& res);

// Shuts down the request's socket so the client sees the connection close before any byte
// of a response. Returns false outside the connection engine (no current connection).
bool shutdown_connection(const httplib::Request& req);

}  // namespace bolna
