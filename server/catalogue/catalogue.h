// Catalogue: one account's secondary resources (phone numbers, knowledgebases, provider
// keys and custom models, sub-accounts, SIP trunks, dispositions, extraction categories
// and templates, violations, graph-agent events), one store each. Held by Tenant
// (Tenant::catalogue()); only the code that works on these resources includes this
// header, so a change here rebuilds only them.
//
// Thread safety: none of its own; guarded by the owning tenant's mutex, which callers
// hold. References into a store stay valid until that item is removed or clear() runs.
#pragma once

#include <deque>
#include <string>

#include "catalogue/disposition.h"
#include "catalogue/extraction_category.h"
#include "catalogue/extraction_template.h"
#include "catalogue/knowledgebase.h"
#include "catalogue/phone_number.h"
#include "catalogue/provider_key.h"
#include "catalogue/sip_trunk.h"
#include "catalogue/sub_account.h"
#include "catalogue/violation.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

// One graph-agent event accepted by POST /v1/call/{run_id}/events.
struct GraphEvent {
  std::string run_id;
  std::string event;
  Json properties;
  TimePoint at;
};
inline constexpr size_t kMaxGraphEvents = 1000;  // the oldest are dropped beyond this

struct Catalogue {
  PhoneNumberStore phone_numbers;  // starts with the default number
  KnowledgebaseStore knowledgebases;
  ProviderKeyStore provider_keys;
  CustomModelStore custom_models;
  SubAccountStore sub_accounts;
  SipTrunkStore sip_trunks;
  DispositionStore dispositions;
  ExtractionCategoryStore extraction_categories;
  ExtractionTemplateStore extraction_templates;
  ViolationStore violations;
  std::deque<GraphEvent> graph_events;  // newest last, at most kMaxGraphEvents

  // Forgets everything; the phone numbers restart with the default number at `now`.
  void reset(TimePoint now);

  // Unlinks an agent that is being deleted: its numbers and dispositions are unlinked,
  // its extraction categories deleted.
  void forget_agent(const std::string& agent_id);

  // True when `number` may be used as from_phone_number: a number the account bought
  // (or its default number) or a number on one of its SIP trunks ("+" optional there).
  bool owns_number(const std::string& number) const;
};

}  // namespace bolna
