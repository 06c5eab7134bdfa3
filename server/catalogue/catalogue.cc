#include "catalogue/catalogue.h"

#include "common/phone_format.h"

namespace bolna {

void Catalogue::reset(TimePoint now) {
  phone_numbers.reset(now);
  knowledgebases.clear();
  provider_keys.clear();
  custom_models.clear();
  sub_accounts.clear();
  sip_trunks.clear();
  dispositions.clear();
  extraction_categories.clear();
  extraction_templates.clear();
  violations.clear();
  graph_events.clear();
}

void Catalogue::forget_agent(const std::string& agent_id) {
  phone_numbers.unlink_agent(agent_id);
  unlink_agent_dispositions(dispositions, agent_id);
  extraction_categories.remove_if(
      [&](const ExtractionCategory& c) { return c.agent_id == agent_id; });
}

bool Catalogue::owns_number(const std::string& number) const {
  if (phone_numbers.owns(number)) return true;
  for (const SipTrunk* trunk : sip_trunks.all())
    for (const SipTrunkNumber& n : trunk->numbers)
      if (same_number(n.phone_number, number)) return true;
  return false;
}

}  // namespace bolna
