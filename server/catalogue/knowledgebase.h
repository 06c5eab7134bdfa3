// Knowledgebase and KnowledgebaseStore: a tenant's RAG sources (a PDF or a URL) and
// their JSON forms. Status is `processing` for kKnowledgebaseProcessing of the tenant's
// clock after creation, then `processed`; it is computed from the clock on read, so
// advancing the clock is all a test needs. Not thread-safe: tenant mutex.
#pragma once

#include <optional>
#include <string>

#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"
#include "common/status.h"

namespace bolna {

inline constexpr std::chrono::seconds kKnowledgebaseProcessing{30};
inline constexpr size_t kKnowledgebaseMaxPdfBytes = 20u << 20;

struct Knowledgebase {
  std::string id;           // rag_id, dashed UUID (create answers the 32-hex form)
  std::string file_name;    // PDF file name, or the URL
  std::string source_type;  // "pdf" or "url"
  std::string vector_id;
  int chunk_size = 512;
  int similarity_top_k = 15;
  int overlapping = 128;
  std::optional<std::string> language_support;  // "multilingual" or none
  TimePoint created_at;
};

// "processing" until created_at + kKnowledgebaseProcessing, then "processed".
std::string knowledgebase_status(const Knowledgebase& kb, TimePoint now);

// POST /knowledgebase answer.
Json knowledgebase_created_json(const Knowledgebase& kb, TimePoint now);
// GET /knowledgebase/{rag_id} and list item.
Json knowledgebase_to_json(const Knowledgebase& kb, TimePoint now, Profile profile);

// The fields of a create request, as read from the multipart form.
struct KnowledgebaseForm {
  bool has_file = false;
  std::string file_name;
  std::string file_content_type;
  size_t file_size = 0;
  bool file_is_pdf = false;  // starts with "%PDF-"
  std::optional<std::string> url;
  std::optional<std::string> chunk_size, similarity_top_k, overlapping, language_support;
};

// Checks a create request and fills `out` (without ids and time); returns "" or the
// message for a 400.
Status validate_knowledgebase_form(const KnowledgebaseForm& form, Knowledgebase& out);

using KnowledgebaseStore = OrderedStore<Knowledgebase>;

}  // namespace bolna
