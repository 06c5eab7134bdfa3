// RequestHook: an extension point of the dispatcher for cross-cutting behaviour of the
// control API (request journal, fault injection, rate limits). Hooks are registered at
// start-up and called on the worker thread of every request; implementations must be
// thread-safe.
#pragma once

#include "http/request_context.h"
#include "http/router.h"
#include "common/time.h"

namespace bolna {

class RequestHook {
 public:
  virtual ~RequestHook() = default;

  // Called after the route is matched and the key authenticated, before the handler.
  // Returns true when the hook answered the request itself (ctx.res is then final and
  // the handler is skipped). `route` is never null here.
  virtual bool before(RequestContext& ctx, const Route& route) {
    (void)ctx;
    (void)route;
    return false;
  }

  // Called once the response is final, for every request (unknown paths included, with
  // `route` null). `elapsed` is the wall time spent.
  virtual void after(const RequestContext& ctx, const Route* route, Micros elapsed) {
    (void)ctx;
    (void)route;
    (void)elapsed;
  }
};

}  // namespace bolna
