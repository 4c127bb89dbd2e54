// What owl could and could not determine about a release, in plain words.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "owl/assess.h"
#include "owl/text.h"
#include "owl/units.h"

namespace owl {

namespace {

bool is_real_weights(const Artifact& artifact) {
  return artifact.format != ArtifactFormat::kLfsPointer && holds_weights(artifact.format) &&
         !artifact.error && artifact.format != ArtifactFormat::kUnknownWeights;
}

Determination weights(const Release& release) {
  Determination item{Topic::kWeights, false, "", {}};
  std::map<std::string, int> formats;
  int pointers = 0;
  int unreadable = 0;
  uint64_t pointed_bytes = 0;
  for (const auto& artifact : release.artifacts) {
    if (artifact.format == ArtifactFormat::kLfsPointer && !artifact.error) {
      ++pointers;
      pointed_bytes += artifact.size_bytes;
    } else if (artifact.error)
      ++unreadable;
    else if (is_real_weights(artifact))
      ++formats[to_string(artifact.format)];
    if (is_real_weights(artifact) || artifact.format == ArtifactFormat::kLfsPointer)
      item.evidence.push_back(Source{artifact.path, ""});
  }
  const auto parameters = release.parameter_count();
  if (!formats.empty()) {
    std::string list;
    for (const auto& [format, count] : formats)
      list += fmt::format("{}{} {}", list.empty() ? "" : ", ", count, format);
    item.determined = true;
    item.statement = fmt::format("ships weights ({})", list);
    if (parameters)
      item.statement += fmt::format(", {} parameters per the headers", human_count(*parameters));
  } else if (pointers > 0) {
    item.statement = fmt::format(
        "ships {} Git LFS pointer(s) recording {} of weights, but not the weights themselves, so "
        "their headers and parameter count cannot be read",
        pointers, human_bytes(pointed_bytes));
  } else if (release.kind == ReleaseKind::kDataset) {
    item.determined = true;
    item.statement = "a dataset: it ships data, not model weights";
  } else {
    item.statement = "ships no weights file that owl recognises";
  }
  if (unreadable > 0)
    item.statement += fmt::format("; {} weights file(s) could not be read", unreadable);
  return item;
}

// "apache-2.0" on a card is the Hub's id; say which licence it names.
std::string resolved(const LicenseDeclaration& declaration) {
  if (declaration.field != DeclarationField::kLicense) return declaration.value;
  const HubLicense hub = map_hub_license(declaration.value);
  if (hub.owl_id.empty() || hub.owl_id == declaration.value) return declaration.value;
  return fmt::format("{} (= {})", declaration.value, hub.owl_id);
}

Determination declared_license(const Release& release) {
  Determination item{Topic::kLicense, false, "", {}};
  std::set<std::string> values;
  for (const auto& declaration : release.licenses) {
    if (declaration.field == DeclarationField::kLicenseLink) continue;
    values.insert(resolved(declaration));
    item.evidence.push_back(declaration.source);
  }
  // An unreadable card may declare anything: never report it as silent.
  const std::string unread = release.card_error
                                 ? fmt::format(
                                       "its model card {} could not be read ({}), so what it "
                                       "declares is unknown",
                                       release.card_path, release.card_error->rule())
                                 : std::string();
  if (release.card_error) item.evidence.push_back(Source{release.card_path, ""});
  if (values.empty()) {
    item.statement =
        release.card_error ? unread : "declares no licence in its model card or weights metadata";
    return item;
  }
  std::string list;
  for (const auto& value : values) list += (list.empty() ? "" : ", ") + value;
  item.determined = !release.card_error;
  item.statement = fmt::format("declares {} in {} place(s)", list, item.evidence.size());
  if (release.card_error) item.statement += "; " + unread;
  return item;
}

Determination license_text(const Release& release, const std::vector<DocumentMatch>& matches) {
  Determination item{Topic::kLicenseText, false, "", {}};
  if (matches.empty()) {
    item.statement =
        "ships no readable LICENSE, NOTICE or use-policy file, so the terms cannot be "
        "read from the release itself";
    for (const auto& document : release.documents)
      if (document.error) item.evidence.push_back(Source{document.path, ""});
    return item;
  }
  size_t known = 0;
  for (const auto& match : matches) {
    item.evidence.push_back(Source{match.path, ""});
    const Verdict verdict = match.identification.verdict;
    if (verdict != Verdict::kUnknown && verdict != Verdict::kModelCard) ++known;
    item.statement += fmt::format("{}{}: {}", item.statement.empty() ? "" : "; ", match.path,
                                  describe(match.identification));
  }
  item.determined = known > 0;
  return item;
}

std::string with_family(const std::string& name) {
  const auto family = resolve_family(name);
  if (!family) return name;
  return fmt::format("{} ({} family{})", name, family->family,
                     family->version.empty() ? "" : " " + family->version);
}

bool names_a_declared_base(const std::string& written, const std::set<std::string>& declared) {
  return std::any_of(declared.begin(), declared.end(),
                     [&](const std::string& name) { return same_model(written, name); });
}

Determination lineage(const Release& release, const std::vector<ProseLineage>& prose) {
  Determination item{Topic::kLineage, false, "", {}};
  std::set<std::string> declared;
  for (const auto& base : release.base_models) {
    declared.insert(base.name);
    item.evidence.push_back(base.source);
  }
  std::set<std::string> written;
  for (const auto& claim : prose) {
    if (names_a_declared_base(claim.base, declared) || claim.confidence == Confidence::kLow)
      continue;
    written.insert(claim.base);
    item.evidence.push_back(Source{release.card_path, fmt::format("line {}", claim.line)});
  }
  const auto list = [](const std::set<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ", ") + with_family(name);
    return text;
  };
  if (!declared.empty()) item.statement = "declares it derives from " + list(declared);
  if (!written.empty())
    item.statement += (item.statement.empty() ? "" : "; ") +
                      ("its card says in prose it derives from " + list(written));
  item.determined = !item.statement.empty();
  if (!item.determined)
    item.statement =
        "declares no base model (card base_model, GGUF general.base_model.*, adapter "
        "config) and names none in its card: an original model, or an undeclared "
        "derivative";
  return item;
}

Determination datasets(const Release& release) {
  Determination item{Topic::kDatasets, !release.datasets.empty(), "", {}};
  for (const auto& dataset : release.datasets) item.evidence.push_back(dataset.source);
  item.statement = item.determined
                       ? fmt::format("names {} training dataset(s)", release.datasets.size())
                       : "names no training dataset";
  return item;
}

Determination integrity(const Release& release) {
  Determination item{Topic::kIntegrity, false, "", {}};
  int recorded = 0, computed = 0, mismatched = 0;
  for (const auto& artifact : release.artifacts) {
    if (artifact.recorded_sha256) ++recorded;
    if (artifact.sha256) ++computed;
    if (artifact.sha256 && artifact.recorded_sha256 &&
        *artifact.sha256 != *artifact.recorded_sha256) {
      ++mismatched;
      item.evidence.push_back(Source{artifact.path, ""});
    }
  }
  item.determined = recorded > 0 || computed > 0;
  if (mismatched > 0)
    item.statement = fmt::format("{} file(s) do not match their recorded SHA-256", mismatched);
  else if (computed > 0)
    item.statement = fmt::format("hashed {} file(s); {} had a recorded SHA-256 to check against",
                                 computed, recorded);
  else if (recorded > 0)
    item.statement =
        fmt::format("{} file(s) have a recorded SHA-256 (run with --hash to verify)", recorded);
  else
    item.statement = "no SHA-256 recorded or computed (run with --hash)";
  return item;
}

Determination safety(const Release& release) {
  Determination item{Topic::kSafety, false, "", {}};
  int scanned = 0, unsafe = 0, templates = 0;
  for (const auto& artifact : release.artifacts) {
    if (!artifact.safety) continue;
    ++scanned;
    // A GGUF's safety is its chat template's; a chat template file's is its own.
    if (artifact.format == ArtifactFormat::kGguf ||
        artifact.format == ArtifactFormat::kChatTemplate)
      ++templates;
    if (*artifact.safety != Safety::kSafe) {
      ++unsafe;
      item.evidence.push_back(Source{artifact.path, to_string(*artifact.safety)});
    }
  }
  // Knowing there is nothing that could run code is a determination too.
  item.determined = true;
  const std::string what = templates == 0 ? "pickle-based file(s)"
                           : templates == scanned
                               ? "file(s) with a chat template"
                               : "pickle-based file(s) or file(s) with a chat template";
  if (scanned == 0)
    item.statement = "ships no pickle-based file, so nothing can run code on load";
  else if (unsafe == 0 && templates == 0)
    item.statement = fmt::format("{} pickle-based file(s) import only allowlisted names", scanned);
  else if (unsafe == 0)
    item.statement = fmt::format("{} {}: nothing in them reaches for code", scanned, what);
  else
    item.statement =
        fmt::format("{} of {} {} can run code or carry hidden instructions", unsafe, scanned, what);
  return item;
}

}  // namespace

const char* to_string(Topic topic) {
  switch (topic) {
    case Topic::kWeights: return "weights";
    case Topic::kLicense: return "license";
    case Topic::kLicenseText: return "license-text";
    case Topic::kLineage: return "lineage";
    case Topic::kDatasets: return "datasets";
    case Topic::kIntegrity: return "integrity";
    case Topic::kSafety: return "safety";
  }
  return "weights";
}

Summary summarise(const Release& release, const std::vector<DocumentMatch>& matches,
                  const std::vector<ProseLineage>& prose_lineage) {
  return Summary{{weights(release), declared_license(release), license_text(release, matches),
                  lineage(release, prose_lineage), datasets(release), integrity(release),
                  safety(release)}};
}

}  // namespace owl
