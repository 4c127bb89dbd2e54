#include "identification_json.h"

namespace owl::detail {

namespace {

void write_candidates(JsonWriter& json, const std::vector<Candidate>& candidates) {
  json.begin_array();
  for (const auto& candidate : candidates)
    json.begin_object()
        .field("id", candidate.id)
        .field("name", candidate.name)
        .field("score", candidate.score)
        .end_object();
  json.end_array();
}

void write_differences(JsonWriter& json, const Identification& identification) {
  json.begin_object().key("added").begin_array();
  for (const auto& span : identification.added)
    json.begin_object()
        .field("offset", span.begin)
        .field("words", span.words)
        .field("text", span.text)
        .end_object();
  json.end_array().key("removed").begin_array();
  for (const auto& span : identification.removed)
    json.begin_object()
        .field("words", span.words)
        .field("entry_word_offset", span.entry_word_offset)
        .field("entry_words", span.entry_words)
        .field("input_offset", span.input_offset)
        .field("after", span.after)
        .field("version_bearing", span.version_bearing)
        .end_object();
  json.end_array().field("version_differences", identification.version_differences).end_object();
}

void write_modifications(JsonWriter& json, const std::vector<Modification>& modifications) {
  json.begin_array();
  for (const auto& modification : modifications)
    json.begin_object()
        .field("change", to_string(modification.change))
        .field("evidence", modification.evidence)
        .field("offset", modification.offset)
        .end_object();
  json.end_array();
}

void write_components(JsonWriter& json, const std::vector<Component>& components) {
  json.begin_array();
  for (const auto& component : components)
    json.begin_object()
        .field("id", component.id)
        .field("name", component.name)
        .field("quality", to_string(component.quality))
        .field("score", component.score)
        .field("begin", component.begin)
        .field("end", component.end)
        .field("referenced_only", component.referenced_only)
        .end_object();
  json.end_array();
}

}  // namespace

void write_identification(JsonWriter& json, const Identification& identification) {
  json.begin_object()
      .field("verdict", to_string(identification.verdict))
      .field("quality", to_string(identification.quality))
      .field("kind", to_string(identification.document))
      .field("id", identification.id)
      .field("family", identification.family)
      .field("version", identification.version)
      .field("name", identification.name)
      .field("modified_from", identification.modified_from)
      .field("equivalent_ids", identification.equivalent_ids)
      .field("score", identification.score)
      .field("summary", describe(identification));
  write_candidates(json.key("candidates"), identification.candidates);
  write_modifications(json.key("modifications"), identification.modifications);
  write_differences(json.key("differences"), identification);
  write_components(json.key("components"), identification.components);
  json.field("pointer_target", identification.pointer_target)
      .field("input_words", identification.input_words)
      .end_object();
}

}  // namespace owl::detail
