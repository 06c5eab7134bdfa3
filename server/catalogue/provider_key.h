// ProviderKey and ProviderKeyStore: the tenant's bring-your-own provider secrets
// (POST /providers), one per name; a second POST with the same name replaces the value.
// Values are only ever shown masked. Also the custom LLM models (POST /user/model/custom).
// Not thread-safe: tenant mutex.
#pragma once

#include <string>
#include <vector>

#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"
#include "common/status.h"

namespace bolna {

struct ProviderKey {
  std::string id;           // provider name, e.g. OPENAI_API_KEY (the store key)
  std::string provider_id;  // UUID
  std::string value;
  TimePoint created_at;
};

// "xxxxxxx" followed by the last two characters ("sk-0123456789az" -> "xxxxxxxaz").
std::string mask_secret(const std::string& value);

// One list item: {provider_id, provider_name, provider_value (masked),
// humanized_created_at, created_at}.
Json provider_key_to_json(const ProviderKey& key, TimePoint now, Profile profile);

// Checks a POST /providers body; "" or the 400 message.
Status validate_provider_key(const Json& body);

using ProviderKeyStore = OrderedStore<ProviderKey>;

struct CustomModel {
  std::string id;  // the model name
  std::string url;
  TimePoint created_at;
};

// Checks a POST /user/model/custom body; "" or the 400 message.
Status validate_custom_model(const Json& body);

using CustomModelStore = OrderedStore<CustomModel>;

}  // namespace bolna
