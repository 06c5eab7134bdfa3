// Knowledgebases: create from a PDF or a URL (multipart), list, get, delete. Status moves
// from processing to processed on the tenant's clock (domain/knowledgebase.h).
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "http/request_context.h"

namespace bolna {

namespace {

std::optional<std::string> form_value(const httplib::Request& req, const char* name) {
  if (!req.has_file(name)) return std::nullopt;
  return req.get_file_value(name).content;
}

void create(RequestContext& ctx) {
  const httplib::Request& req = ctx.req;
  if (!req.is_multipart_form_data())
    throw bad_request(
        "POST /knowledgebase takes multipart/form-data with a file (PDF) or a url field");
  KnowledgebaseForm form;
  if (req.has_file("file")) {
    const auto& f = req.get_file_value("file");
    form.has_file = true;
    form.file_name = f.filename;
    form.file_content_type = f.content_type;
    form.file_size = f.content.size();
    form.file_is_pdf = f.content.rfind("%PDF-", 0) == 0;
  }
  form.url = form_value(req, "url");
  form.chunk_size = form_value(req, "chunk_size");
  form.similarity_top_k = form_value(req, "similarity_top_k");
  form.overlapping = form_value(req, "overlapping");
  form.language_support = form_value(req, "language_support");
  Tenant& t = tenant_of(ctx);
  Knowledgebase kb;
  check(validate_knowledgebase_form(form, kb));
  kb.id = t.ids.uuid();
  kb.vector_id = t.ids.uuid();
  kb.created_at = t.now();
  ctx.reply(200, knowledgebase_created_json(t.catalogue().knowledgebases.add(std::move(kb)), t.now()));
}

Knowledgebase& find(RequestContext& ctx) {
  const std::string wanted = compact_id(ctx.param("rag_id"));
  for (Knowledgebase* kb : tenant_of(ctx).catalogue().knowledgebases.all())
    if (compact_id(kb->id) == wanted) return *kb;
  throw not_found("Knowledgebase");
}

void get(RequestContext& ctx) {
  ctx.reply(200, knowledgebase_to_json(find(ctx), tenant_of(ctx).now(), ctx.profile()));
}

void list(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  Json out = Json::array();
  for (const Knowledgebase* kb : t.catalogue().knowledgebases.all())
    out.push_back(knowledgebase_to_json(*kb, t.now(), ctx.profile()));
  ctx.reply(200, out);
}

void remove(RequestContext& ctx) {
  std::string id = find(ctx).id;
  tenant_of(ctx).catalogue().knowledgebases.remove(id);
  ctx.reply(200, Json{{"message", "success"}, {"state", "deleted"}});
}

}  // namespace

void register_knowledgebase_routes(Router& router, Services&) {
  RouteOptions upload;
  upload.multipart = true;
  router.add("POST", "/knowledgebase", create, upload);
  router.add("GET", "/knowledgebase/all", list);
  router.add("GET", "/knowledgebase/{rag_id}", get);
  router.add("DELETE", "/knowledgebase/{rag_id}", remove);
}

}  // namespace bolna
