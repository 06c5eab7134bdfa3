#include "common/json_text.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace bolna {

namespace {

// "line 3, column 7" of byte `offset` (lines and columns count from 1, in bytes).
std::string line_column(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The offset of the bracket that opens level `max_depth + 1`, scanning like a JSON
// lexer (brackets inside strings do not count); npos when there is none.
size_t too_deep_offset(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Objects with more members than this get a hash index for duplicate-key lookups.
constexpr size_t kIndexFrom = 16;

// A SAX consumer that builds the ordered_json tree itself, enforcing the limits as it
// goes. Duplicate keys keep their first position and their last value, as nlohmann's
// own parser does.
class LimitedBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  LimitedBuilder(std::string_view text, Json* root) : text_(text), root_(root) {}

  bool null() { return put(Json(nullptr)) != nullptr; }
  bool boolean(bool v) { return put(Json(v)) != nullptr; }
  bool number_integer(number_integer_t v) { return put(Json(v)) != nullptr; }
  bool number_unsigned(number_unsigned_t v) { return put(Json(v)) != nullptr; }
  bool number_float(number_float_t v, const string_t&) { return put(Json(v)) != nullptr; }
  bool string(string_t& v) { return put(Json(std::move(v))) != nullptr; }
  bool binary(binary_t&) { return false; }  // never produced by JSON text

  bool start_object(std::size_t) { return open(Json::object(), true); }
  bool start_array(std::size_t) { return open(Json::array(), false); }
  bool end_object() {
    frames_.pop_back();
    return true;
  }
  bool end_array() {
    frames_.pop_back();
    return true;
  }

  bool key(string_t& k) {
    Frame& f = frames_.back();
    auto& members = f.value->get_ref<Json::object_t&>();
    f.existing = kNoIndex;
    if (f.index) {
      auto it = f.index->find(k);
      if (it != f.index->end()) f.existing = it->second;
    } else {
      for (size_t i = 0; i < members.size(); ++i)
        if ((members.begin() + static_cast<std::ptrdiff_t>(i))->first == k) {
          f.existing = i;
          break;
        }
    }
    if (f.existing == kNoIndex && members.size() >= kMaxJsonMembers) {
      std::string where = path();
      problem_ = {JsonProblem::Kind::kLimit,
                  (where.empty() ? std::string("the top-level object") : "object " + where) +
                      " has more than " + std::to_string(kMaxJsonMembers) +
                      " members (the limit is " + std::to_string(kMaxJsonMembers) + ")"};
      return false;
    }
    f.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    if (ex.id == 406) {
      size_t at = text_.rfind(last_token, position);
      if (at == std::string_view::npos) at = position;
      problem_ = {JsonProblem::Kind::kRange,
                  "number " + last_token + " at " + line_column(text_, at) +
                      " is out of range (a number must fit a double, at most about 1.8e308)"};
      return false;
    }
    std::string what = ex.what();
    size_t tag_end = what.find("] ");
    problem_ = {JsonProblem::Kind::kSyntax,
                what.rfind("[json.exception", 0) == 0 && tag_end != std::string::npos
                    ? what.substr(tag_end + 2)
                    : what};
    return false;
  }

  const JsonProblem& problem() const { return problem_; }

 private:
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);

  struct Frame {
    Json* value = nullptr;
    bool is_object = false;
    std::string key;             // objects: the key of the member being read
    size_t existing = kNoIndex;  // objects: position of that key if it is a duplicate
    std::unique_ptr<std::unordered_map<std::string, size_t>> index;  // big objects
  };

  bool open(Json empty, bool is_object) {
    if (frames_.size() >= kMaxJsonDepth) {
      size_t at = too_deep_offset(text_, kMaxJsonDepth);
      problem_ = {JsonProblem::Kind::kLimit,
                  "arrays and objects nest deeper than " + std::to_string(kMaxJsonDepth) +
                      " levels" +
                      (at == std::string_view::npos ? "" : " at " + line_column(text_, at)) +
                      " (the limit is " + std::to_string(kMaxJsonDepth) + ")"};
      return false;
    }
    Json* slot = put(std::move(empty));
    if (!slot) return false;
    Frame f;
    f.value = slot;
    f.is_object = is_object;
    frames_.push_back(std::move(f));
    return true;
  }

  // Stores `v` where the parser is (the root, the next array element, or the member
  // whose key was just read) and returns where it now lives. The parent containers are
  // not modified while a child is open, so the pointer stays valid until it is closed.
  Json* put(Json v) {
    if (frames_.empty()) {
      *root_ = std::move(v);
      return root_;
    }
    Frame& f = frames_.back();
    if (!f.is_object) {
      auto& items = f.value->get_ref<Json::array_t&>();
      items.push_back(std::move(v));
      return &items.back();
    }
    auto& members = f.value->get_ref<Json::object_t&>();
    if (f.existing != kNoIndex) {
      Json& slot = (members.begin() + static_cast<std::ptrdiff_t>(f.existing))->second;
      slot = std::move(v);
      return &slot;
    }
    members.emplace_back(f.key, std::move(v));  // the key stays in the frame for path()
    if (!f.index && members.size() > kIndexFrom) {
      f.index = std::make_unique<std::unordered_map<std::string, size_t>>();
      for (size_t i = 0; i < members.size(); ++i)
        f.index->emplace((members.begin() + static_cast<std::ptrdiff_t>(i))->first, i);
    } else if (f.index) {
      f.index->emplace(members.back().first, members.size() - 1);
    }
    return &members.back().second;
  }

  // "agent_config.tasks[0]" of the innermost open container ("" for the root).
  std::string path() const {
    std::string out;
    for (size_t i = 1; i < frames_.size(); ++i) {
      const Frame& parent = frames_[i - 1];
      if (parent.is_object) {
        out += (out.empty() ? "" : ".") + parent.key;
      } else {
        out += "[" + std::to_string(parent.value->size() - 1) + "]";
      }
    }
    return out;
  }

  std::string_view text_;
  Json* root_;
  std::vector<Frame> frames_;
  JsonProblem problem_;
};

}  // namespace

JsonProblem parse_json_text(std::string_view text, Json* out) {
  *out = Json();
  LimitedBuilder builder(text, out);
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder);
  if (ok) return {};
  JsonProblem p = builder.problem();
  if (p.ok()) p = {JsonProblem::Kind::kSyntax, "the JSON text could not be parsed"};
  return p;
}

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool json_deeper_than(const Json& value, size_t max_depth) {
  // (value, depth of value) pairs still to visit.
  std::vector<std::pair<const Json*, size_t>> todo{{&value, 0}};
  while (!todo.empty()) {
    auto [v, depth] = todo.back();
    todo.pop_back();
    if (!v->is_structured()) continue;
    if (depth + 1 > max_depth) return true;
    for (const Json& child : *v) todo.push_back({&child, depth + 1});
  }
  return false;
}

}  // namespace bolna
