#include "http/connection_drop.h"

#include <sys/socket.h>

#include "http/connection.h"

namespace bolna {

void prepare_drop(httplib::Response& res) {
  res.status = 0;
  res.set_content_provider(1, "application/octet-stream",
                           [](size_t, size_t, httplib::DataSink&) { return false; });
}

bool shutdown_connection(const httplib::Request&) {
  Connection* c = current_connection();
  if (c == nullptr || c->fd() < 0) return false;
  c->close_after_response();
  return ::shutdown(c->fd(), SHUT_RDWR) == 0;
}

}  // namespace bolna
