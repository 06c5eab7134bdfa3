#include "http/utf8_hook.h"

#include <algorithm>
#include <cctype>

#include "common/utf8.h"
#include "http/api_error.h"

namespace bolna {

namespace {

bool header_of_interest(const std::string& name) {
  std::string n = name;
  for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return n == "content-type" || n == "user-agent" || n == "idempotency-key" ||
         n.rfind("x-emulator-", 0) == 0;
}

class Utf8Hook : public RequestHook {
 public:
  explicit Utf8Hook(std::vector<std::string> file_fields) : file_fields_(std::move(file_fields)) {}

  bool before(RequestContext& ctx, const Route&) override {
    std::string problem = request_text_problem(ctx.req, ctx.params, file_fields_);
    if (!problem.empty()) throw bad_request(problem);
    return false;
  }

 private:
  std::vector<std::string> file_fields_;
};

}  // namespace

std::string request_text_problem(const httplib::Request& req, const PathParams& params,
                                 const std::vector<std::string>& file_fields) {
  std::string p;
  for (const auto& [name, value] : params)
    if (!(p = utf8_problem(value, "path parameter " + name)).empty()) return p;
  // httplib puts the fields of an urlencoded body among the query parameters.
  bool form =
      req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0;
  for (const auto& [name, value] : req.params) {
    if (!(p = utf8_problem(name, "a query parameter name")).empty()) return p;
    std::string what =
        form ? "parameter " + name + " (query string or form body)" : "query parameter " + name;
    if (!(p = utf8_problem(value, what)).empty()) return p;
  }
  for (const auto& [key, part] : req.files) {
    if (!(p = utf8_problem(part.name, "a multipart field name")).empty()) return p;
    if (!(p = utf8_problem(part.filename, "the file name of multipart field " + part.name)).empty())
      return p;
    bool is_file = !part.filename.empty() || std::find(file_fields.begin(), file_fields.end(),
                                                       part.name) != file_fields.end();
    if (!is_file && !(p = utf8_problem(part.content, "multipart field " + part.name)).empty())
      return p;
  }
  for (const auto& [name, value] : req.headers)
    if (header_of_interest(name) && !(p = utf8_problem(value, "header " + name)).empty()) return p;
  return "";
}

std::shared_ptr<RequestHook> make_utf8_hook(std::vector<std::string> file_fields) {
  return std::make_shared<Utf8Hook>(std::move(file_fields));
}

}  // namespace bolna
