// Violations: the paginated list, submitting evidence (multipart), and the control call
// POST /__emulator/violations that adds one (the real service raises them itself).
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "http/request_context.h"

namespace bolna {

namespace {

void list(RequestContext& ctx) {
  auto status = ctx.query("status");
  int page = 1, size = 20;
  check(validate_violation_query(status, ctx.query("page_number"), ctx.query("page_size"), page,
                                 size));
  Tenant& t = tenant_of(ctx);
  ctx.reply(200, violation_page(t.catalogue().violations, status, page, size, t.user_id(), ctx.profile()));
}

void submit(RequestContext& ctx) {
  const httplib::Request& req = ctx.req;
  if (!req.is_multipart_form_data())
    throw bad_request(
        "POST /violations/submit takes multipart/form-data "
        "(violation_id, violation_file)");
  if (!req.has_file("violation_id") || req.get_file_value("violation_id").content.empty())
    throw bad_request("violation_id is required");
  if (!req.has_file("violation_file") || req.get_file_value("violation_file").content.empty())
    throw bad_request("violation_file is required");
  Tenant& t = tenant_of(ctx);
  Violation* v = t.catalogue().violations.find(req.get_file_value("violation_id").content);
  if (!v) throw not_found("Violation");
  const auto& file = req.get_file_value("violation_file");
  std::string name = file.filename.empty() ? "evidence" : file.filename;
  v->status = "submitted";
  v->image_url = t.user_id() + "/violations/" + v->id + "/" + name;
  v->updated_at = t.now();
  ctx.reply(200, Json{{"message", "success"}, {"state", "submitted"}});
}

void seed(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  Violation v;
  check(validate_violation_seed(ctx.json(), t.now(), v));
  v.id = t.ids.uuid();
  ctx.reply(201, violation_to_json(t.catalogue().violations.add(std::move(v)), t.user_id(), ctx.profile()));
}

}  // namespace

void register_violation_routes(Router& router, Services&) {
  router.add("GET", "/violations/list", list);
  RouteOptions upload;
  upload.multipart = true;
  router.add("POST", "/violations/submit", submit, upload);
  RouteOptions control = control_route();
  router.add("POST", "/__emulator/violations", seed, control);
}

}  // namespace bolna
