// Which components a release ships, placed on the Model Openness Framework
// classes (arXiv 2403.13784) and the OSI Open Source AI Definition 1.0
// checklist. Evidence is what the release ships or links, not its claims of
// being "open".
#include <fmt/format.h>

#include <array>

#include "assess_internal.h"
#include "owl/text.h"
#include "owl/units.h"

namespace owl::detail {

namespace {

struct Scan {
  const Release& release;
  std::vector<ComponentPresence> found;

  ComponentPresence& at(ReleaseComponent component) {
    return found[static_cast<size_t>(component)];
  }

  void mark(ReleaseComponent component, std::string how, Evidence evidence) {
    auto& item = at(component);
    if (item.present) return;
    item.present = true;
    item.how = std::move(how);
    item.evidence.push_back(std::move(evidence));
  }
};

ReleaseComponent component_of(ReleaseFileKind kind) {
  switch (kind) {
    case ReleaseFileKind::kModelArchitecture: return ReleaseComponent::kModelArchitecture;
    case ReleaseFileKind::kTrainingCode: return ReleaseComponent::kTrainingCode;
    case ReleaseFileKind::kInferenceCode: return ReleaseComponent::kInferenceCode;
    case ReleaseFileKind::kDatasets: return ReleaseComponent::kDatasets;
    case ReleaseFileKind::kTechnicalReport: return ReleaseComponent::kTechnicalReport;
    case ReleaseFileKind::kEvaluationResults: return ReleaseComponent::kEvaluationResults;
    case ReleaseFileKind::kIntermediateCheckpoints:
      return ReleaseComponent::kIntermediateCheckpoints;
  }
  return ReleaseComponent::kModelArchitecture;
}

// What the release's files are, by the name globs of the lexicon.
void from_files(Scan& scan) {
  for (const auto& path : scan.release.files)
    for (const ReleaseFileKind kind : release_file_kinds(path))
      scan.mark(component_of(kind), "ships " + path, Evidence{Source{path, ""}, ""});
}

// What the card's lines mention (typed records from extract), with the
// line as evidence.
void from_card(Scan& scan, const std::vector<CardMention>& mentions) {
  const Release& release = scan.release;
  if (!release.card_path.empty())
    scan.mark(ReleaseComponent::kModelCard, "ships " + release.card_path,
              Evidence{Source{release.card_path, ""}, ""});
  for (const auto& dataset : release.datasets)
    scan.mark(ReleaseComponent::kDataCard, "declares its training data (" + dataset.name + ")",
              Evidence{dataset.source, dataset.name});
  for (const auto& mention : mentions) {
    Evidence here{Source{release.card_path, fmt::format("line {}", mention.line)}, mention.text};
    switch (mention.kind) {
      case CardMentionKind::kPaper:
        scan.mark(ReleaseComponent::kTechnicalReport, "card links a paper or report",
                  std::move(here));
        break;
      case CardMentionKind::kEvaluationSection:
        scan.mark(ReleaseComponent::kEvaluationResults, "card has an evaluation section",
                  std::move(here));
        break;
      case CardMentionKind::kTrainingDataSection:
        scan.mark(ReleaseComponent::kDataCard, "card describes its training data", std::move(here));
        break;
      case CardMentionKind::kTrainingCodeLink:
        scan.mark(ReleaseComponent::kTrainingCode, "card links training code", std::move(here));
        break;
      case CardMentionKind::kCodeLink:
        scan.mark(ReleaseComponent::kInferenceCode, "card links a code repository",
                  std::move(here));
        break;
      case CardMentionKind::kIntermediateCheckpoints:
        scan.mark(ReleaseComponent::kIntermediateCheckpoints,
                  "card points to intermediate checkpoints", std::move(here));
        break;
    }
  }
}

void from_weights(Scan& scan) {
  for (const auto& artifact : scan.release.artifacts) {
    if (artifact.error || !holds_weights(artifact.format)) continue;
    const bool pointer = artifact.format == ArtifactFormat::kLfsPointer;
    scan.mark(ReleaseComponent::kWeights,
              fmt::format("ships {}{}", artifact.path, pointer ? " (as a Git LFS pointer)" : ""),
              Evidence{Source{artifact.path, ""}, ""});
  }
}

constexpr std::array<ReleaseComponent, 6> kClassThree = {
    ReleaseComponent::kWeights,         ReleaseComponent::kModelArchitecture,
    ReleaseComponent::kModelCard,       ReleaseComponent::kDataCard,
    ReleaseComponent::kTechnicalReport, ReleaseComponent::kEvaluationResults};
constexpr std::array<ReleaseComponent, 2> kClassTwo = {ReleaseComponent::kInferenceCode,
                                                       ReleaseComponent::kTrainingCode};
constexpr std::array<ReleaseComponent, 2> kClassOne = {ReleaseComponent::kDatasets,
                                                       ReleaseComponent::kIntermediateCheckpoints};

template <size_t N>
std::vector<std::string> missing(Scan& scan, const std::array<ReleaseComponent, N>& needed) {
  std::vector<std::string> out;
  for (auto component : needed)
    if (!scan.at(component).present) out.push_back(to_string(component));
  return out;
}

void place(Scan& scan, bool open_terms, Openness& openness) {
  openness.mof_class = 0;
  auto gaps = missing(scan, kClassThree);
  if (!open_terms) gaps.insert(gaps.begin(), "open licence terms");
  if (gaps.empty()) {
    openness.mof_class = 3;
    gaps = missing(scan, kClassTwo);
    if (gaps.empty()) {
      openness.mof_class = 2;
      gaps = missing(scan, kClassOne);
      if (gaps.empty()) openness.mof_class = 1;
    }
  }
  openness.mof_missing = gaps;
}

void osaid(Scan& scan, bool open_terms, Tier tier, Openness& openness) {
  const auto has = [&](ReleaseComponent c) { return scan.at(c).present; };
  openness.osaid = {
      {"data information", has(ReleaseComponent::kDataCard) || has(ReleaseComponent::kDatasets),
       has(ReleaseComponent::kDataCard) ? scan.at(ReleaseComponent::kDataCard).how
                                        : "no description of the training data"},
      {"code", has(ReleaseComponent::kTrainingCode) && has(ReleaseComponent::kInferenceCode),
       has(ReleaseComponent::kTrainingCode) ? scan.at(ReleaseComponent::kTrainingCode).how
                                            : "no training code shipped or linked"},
      {"parameters", has(ReleaseComponent::kWeights),
       has(ReleaseComponent::kWeights) ? scan.at(ReleaseComponent::kWeights).how
                                       : "no weights shipped"},
      {"terms grant use, study, modification and sharing for any purpose", open_terms,
       fmt::format("effective terms are {}", to_string(tier))},
  };
  openness.osaid_met = true;
  for (const auto& item : openness.osaid) openness.osaid_met = openness.osaid_met && item.met;
}

}  // namespace

Openness assess_openness(const Release& release, const std::vector<CardMention>& mentions,
                         const Assessment& assessment) {
  Scan scan{release, {}};
  for (int i = 0; i <= static_cast<int>(ReleaseComponent::kIntermediateCheckpoints); ++i)
    scan.found.push_back({static_cast<ReleaseComponent>(i), false, "", {}});
  from_weights(scan);
  from_files(scan);
  from_card(scan, mentions);
  Openness openness;
  const bool open_terms =
      !assessment.effective.empty() && (assessment.effective_tier == Tier::kOpenPermissive ||
                                        assessment.effective_tier == Tier::kOpenCopyleft);
  place(scan, open_terms, openness);
  osaid(scan, open_terms, assessment.effective_tier, openness);
  openness.components = std::move(scan.found);
  return openness;
}

}  // namespace owl::detail
