// The UTF-8 request hook: refuses, with a 400 naming the input and the byte offset, a
// request whose text inputs are not valid UTF-8, before its handler runs, so that every
// string the emulator keeps is UTF-8 (README "Errors"). Checked: path parameters, query
// (and urlencoded form) parameter names and values, multipart field names, text field
// values and file names, and the request headers the emulator reads or journals
// (Content-Type, User-Agent, Idempotency-Key, X-Emulator-*). Not checked: JSON bodies
// (the JSON parser checks their strings) and file contents (multipart parts with a file
// name, and the parts named in `file_fields`, which their handlers decode themselves,
// e.g. a batch CSV). Stateless; safe from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/request_hook.h"

namespace bolna {

std::shared_ptr<RequestHook> make_utf8_hook(std::vector<std::string> file_fields);

// The first problem of the request's text inputs as described above ("" when none), e.g.
// "query parameter status is not valid UTF-8: byte 0xFF at offset 2".
std::string request_text_problem(const httplib::Request& req, const PathParams& params,
                                 const std::vector<std::string>& file_fields);

}  // namespace bolna
