// Model card reader: front matter keys the Hub documents for model repos
// (license, license_name/link, base_model, datasets, ..., extra_gated_*),
// each with the README line it sits on. Wrong shapes are warnings; only YAML
// that does not parse, or that exceeds the caps, is an Error.
#include "owl/model_card.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <map>

#include "read/bounded_warnings.h"
#include "read/model_card_front_matter.h"
#include "read/model_card_values.h"
#include "read/printable.h"

namespace owl {

namespace {

constexpr size_t kMaxFrontMatterBytes = 1u << 20;
constexpr std::string_view kExtraGatedPrefix = "extra_gated_";

using ScalarField = std::optional<CardValue> ModelCard::*;
using ListField = std::vector<CardValue> ModelCard::*;

const std::map<std::string_view, ScalarField>& scalar_fields() {
  static const std::map<std::string_view, ScalarField> fields = {
      {"license_name", &ModelCard::license_name},
      {"license_link", &ModelCard::license_link},
      {"base_model_relation", &ModelCard::base_model_relation},
      {"pipeline_tag", &ModelCard::pipeline_tag},
      {"library_name", &ModelCard::library_name},
      {"model_name", &ModelCard::model_name},
  };
  return fields;
}

const std::map<std::string_view, ListField>& list_fields() {
  static const std::map<std::string_view, ListField> fields = {
      {"license", &ModelCard::licenses},   {"base_model", &ModelCard::base_models},
      {"datasets", &ModelCard::datasets},  {"tags", &ModelCard::tags},
      {"language", &ModelCard::languages},
  };
  return fields;
}

bool is_read_key(std::string_view name) {
  return scalar_fields().count(name) > 0 || list_fields().count(name) > 0 || name == "gated" ||
         name.rfind(kExtraGatedPrefix, 0) == 0;
}

Expected<YAML::Node> parse_front_matter(const CardSections& sections, bool skip_unread_blocks) {
  const LfYaml yaml = strip_carriage_returns(sections.yaml);
  if (skip_unread_blocks) {
    if (auto trimmed = empty_unread_blocks(yaml.text, is_read_key)) {
      try {
        return YAML::Load(*trimmed);
      } catch (const YAML::Exception&) {
        // Parsed whole below: that places the error at its true byte, or
        // succeeds when the trimmed text lost an anchor a kept key aliases.
      }
    }
  }
  try {
    return YAML::Load(yaml.text);
  } catch (const YAML::DeepRecursion& ex) {
    return Error::limit("", sections.yaml_offset + yaml.original_position(ex.mark.pos),
                        "card.yaml-too-deep",
                        fmt::format("line {}: expected YAML nested less than {} levels deep",
                                    sections.yaml_line + ex.mark.line, ex.depth()));
  } catch (const YAML::Exception& ex) {
    std::optional<uint64_t> offset;
    std::string where;
    if (!ex.mark.is_null()) {
      offset = sections.yaml_offset + yaml.original_position(ex.mark.pos);
      where = fmt::format("line {}, column {}: ", sections.yaml_line + ex.mark.line,
                          ex.mark.column + 1);
    }
    return Error::corrupt("", offset, "card.yaml-syntax",
                          where + "expected valid YAML front matter: " + ex.msg);
  }
}

struct Entry {
  YAML::Node key;
  YAML::Node value;
};

// PyYAML keeps the last of two equal keys; yaml-cpp keeps both, so pick the
// last here and say so.
std::vector<std::pair<std::string, Entry>> last_value_per_key(const YAML::Node& root,
                                                              const CardValueReader& reader,
                                                              std::vector<std::string>& warnings) {
  std::vector<std::pair<std::string, Entry>> entries;
  std::map<std::string, size_t> position;
  for (const auto& pair : root) {
    if (!pair.first.IsScalar()) continue;
    const std::string& name = pair.first.Scalar();
    auto [slot, inserted] = position.try_emplace(name, entries.size());
    if (inserted) {
      entries.emplace_back(name, Entry{pair.first, pair.second});
      continue;
    }
    add_bounded_warning(warnings,
                        fmt::format("card.duplicate-key: line {}: {} appears again; the "
                                    "last value wins, as on the Hub",
                                    reader.line_of(pair.first, pair.first), quote_untrusted(name)),
                        "card");
    entries[slot->second].second = Entry{pair.first, pair.second};
  }
  return entries;
}

void read_field(const std::string& name, const Entry& entry, CardValueReader& reader,
                ModelCard& card) {
  if (auto scalar = scalar_fields().find(name); scalar != scalar_fields().end()) {
    card.*(scalar->second) = reader.scalar(entry.value, entry.key, name);
  } else if (auto list = list_fields().find(name); list != list_fields().end()) {
    card.*(list->second) = reader.strings(entry.value, entry.key, name);
  } else if (name == "gated") {
    card.gated = reader.gated(entry.value, entry.key);
  } else if (name.rfind(kExtraGatedPrefix, 0) == 0) {
    if (auto text = reader.text(entry.value, entry.key)) card.extra_gated[name] = std::move(*text);
  }
}

}  // namespace

namespace detail {

Expected<ModelCard> read_model_card(std::string_view text, bool skip_unread_blocks) {
  const CardSections sections = split_model_card(text);
  ModelCard card;
  card.body = std::string(sections.body);
  card.body_line = sections.body_line;
  if (sections.unterminated) {
    card.warnings.push_back(
        "card.front-matter-unterminated: the card opens with --- but no closing --- line "
        "follows; read as having no front matter, as the Hub does");
  }
  if (!sections.has_front_matter) return card;
  card.has_front_matter = true;
  if (sections.yaml.size() > kMaxFrontMatterBytes) {
    return Error::limit("", sections.yaml_offset, "card.front-matter-too-large",
                        fmt::format("expected YAML front matter of at most {} bytes, found {}",
                                    kMaxFrontMatterBytes, sections.yaml.size()));
  }
  auto root = parse_front_matter(sections, skip_unread_blocks);
  if (!root) return root.error();
  if (root->IsNull()) return card;
  if (!root->IsMap()) {
    card.warnings.push_back(fmt::format(
        "card.front-matter-not-mapping: line {}: expected the front matter to be a map of keys, "
        "found a {}",
        sections.yaml_line, yaml_kind(*root)));
    return card;
  }
  CardValueReader reader(sections.yaml_line, card.warnings);
  try {
    for (const auto& [name, entry] : last_value_per_key(*root, reader, card.warnings)) {
      read_field(name, entry, reader, card);
      if (reader.failed()) return *reader.failed();
    }
  } catch (const YAML::Exception& ex) {
    // Not expected from the read-only calls above; kept so that a yaml-cpp
    // surprise becomes an Error rather than escaping the reader.
    return Error::corrupt("", std::nullopt, "card.yaml-structure",
                          "expected readable front matter: " + ex.msg);
  }
  return card;
}

}  // namespace detail

Expected<ModelCard> read_model_card(std::string_view text) {
  return detail::read_model_card(text, /*skip_unread_blocks=*/true);
}

}  // namespace owl
