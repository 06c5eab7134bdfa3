#include "catalogue/knowledgebase.h"

#include <cctype>

#include "common/field_checks.h"
#include "common/humanize.h"

namespace bolna {

namespace {

// Parses a positive (or, with allow_zero, non-negative) integer form field.
std::string read_int(const std::optional<std::string>& text, const char* field, bool allow_zero,
                     int& out) {
  if (!text) return "";
  const std::string& s = *text;
  bool digits = !s.empty() && s.size() <= 9;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) digits = false;
  if (!digits) return std::string(field) + " must be an integer";
  int v = std::stoi(s);
  if (v < (allow_zero ? 0 : 1))
    return std::string(field) + (allow_zero ? " must not be negative" : " must be at least 1");
  out = v;
  return "";
}

bool ends_with_pdf(const std::string& name) {
  if (name.size() < 4) return false;
  std::string ext = name.substr(name.size() - 4);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".pdf";
}

}  // namespace

std::string knowledgebase_status(const Knowledgebase& kb, TimePoint now) {
  return now >= kb.created_at + kKnowledgebaseProcessing ? "processed" : "processing";
}

Json knowledgebase_created_json(const Knowledgebase& kb, TimePoint now) {
  return Json{{"rag_id", compact_id(kb.id)},
              {"file_name", kb.file_name},
              {"source_type", kb.source_type},
              {"status", knowledgebase_status(kb, now)},
              {"language_support", kb.language_support ? Json(*kb.language_support) : Json()}};
}

Json knowledgebase_to_json(const Knowledgebase& kb, TimePoint now, Profile profile) {
  return Json{{"rag_id", kb.id},
              {"file_name", kb.file_name},
              {"source_type", kb.source_type},
              {"humanized_created_at", humanized_age(kb.created_at, now)},
              {"created_at", format_timestamp(kb.created_at, profile)},
              {"updated_at", format_timestamp(kb.created_at, profile)},
              {"vector_id", kb.vector_id},
              {"status", knowledgebase_status(kb, now)},
              {"chunk_size", kb.chunk_size},
              {"similarity_top_k", kb.similarity_top_k},
              {"overlapping", kb.overlapping},
              {"language_support", kb.language_support ? Json(*kb.language_support) : Json()}};
}

static std::string validate_knowledgebase_form_text(const KnowledgebaseForm& form, Knowledgebase& out) {
  bool has_url = form.url.has_value() && !form.url->empty();
  if (form.has_file && has_url) return "Provide either file or url, not both";
  if (!form.has_file && !has_url) return "Either file (a PDF) or url is required";
  if (form.has_file) {
    bool pdf = form.file_is_pdf || ends_with_pdf(form.file_name) ||
               form.file_content_type == "application/pdf";
    if (!pdf) return "file must be a PDF";
    if (form.file_size == 0) return "file is empty";
    if (form.file_size > kKnowledgebaseMaxPdfBytes) return "file is larger than 20 MB";
    out.source_type = "pdf";
    out.file_name = form.file_name.empty() ? "document.pdf" : form.file_name;
  } else {
    if (!is_http_url(*form.url)) return "url must be a valid http(s) URL";
    out.source_type = "url";
    out.file_name = *form.url;
  }
  if (auto e = read_int(form.chunk_size, "chunk_size", false, out.chunk_size); !e.empty()) return e;
  if (auto e = read_int(form.similarity_top_k, "similarity_top_k", false, out.similarity_top_k);
      !e.empty())
    return e;
  if (auto e = read_int(form.overlapping, "overlapping", true, out.overlapping); !e.empty())
    return e;
  if (form.language_support && !form.language_support->empty()) {
    if (*form.language_support != "multilingual")
      return "language_support must be multilingual (or omitted)";
    out.language_support = "multilingual";
  }
  return "";
}

Status validate_knowledgebase_form(const KnowledgebaseForm& form, Knowledgebase& out) {
  return Status::InvalidIf(validate_knowledgebase_form_text(form, out));
}

}  // namespace bolna
