// One-line wording of an identification, shared by every printer so the
// terminal, JSON statements and BOM comments say the same thing.
#include <fmt/format.h>

#include "owl/identify.h"

namespace owl {

std::string describe(const Identification& identification) {
  const std::string named = identification.id.empty()
                                ? identification.name
                                : fmt::format("{} ({})", identification.name, identification.id);
  switch (identification.verdict) {
    case Verdict::kExact: return named + ", exact text";
    case Verdict::kNearExact: return fmt::format("{}, near-exact ({:.0f}%)", named, identification.score * 100);
    case Verdict::kVariantOf:
      return fmt::format("a variant of {}: version-bearing words differ", named);
    case Verdict::kModified: {
      std::string text = identification.modified_from.empty() || identification.modified_from == identification.id
                             ? fmt::format("{}, modified", named)
                             : fmt::format("{}, a modified {}", named, identification.modified_from);
      if (!identification.modifications.empty()) {
        std::string changes;
        for (const auto& modification : identification.modifications)
          if (changes.find(to_string(modification.change)) == std::string::npos)
            changes += (changes.empty() ? "" : ", ") + std::string(to_string(modification.change));
        text += " (adds: " + changes + ")";
      }
      return text;
    }
    case Verdict::kSeveral: {
      std::string parts;
      for (const auto& component : identification.components)
        parts += (parts.empty() ? "" : " + ") + (component.id.empty() ? component.name : component.id);
      return "several licences: " + parts;
    }
    case Verdict::kPointer:
      return "a pointer to a licence elsewhere" +
             (identification.pointer_target.empty() ? "" : ": " + identification.pointer_target);
    case Verdict::kPolicy:
      return identification.id.empty() ? "a use policy owl does not know" : named + ", use policy";
    case Verdict::kModelCard: return "a model card, not a licence text";
    case Verdict::kUnknown:
      if (identification.candidates.empty()) return "not a licence owl knows";
      return fmt::format("not a licence owl knows (nearest: {} {:.0f}%)", identification.candidates[0].id,
                         identification.candidates[0].score * 100);
  }
  return "unknown";
}

}  // namespace owl
