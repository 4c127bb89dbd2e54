// Gathers one release's facts: weights headers, documents, declarations.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <set>
#include <thread>

#include "artifact_readers.h"
#include "owl/bytes.h"
#include "owl/model_card.h"
#include "owl/read.h"
#include "owl/safetensors.h"
#include "read/model_card_front_matter.h"
#include "read/sha256_internal.h"

namespace owl {

namespace {

namespace fs = std::filesystem;

DocumentKind document_kind(FileRole role) {
  switch (role) {
    case FileRole::kLicense: return DocumentKind::kLicense;
    case FileRole::kNotice: return DocumentKind::kNotice;
    case FileRole::kUsePolicy: return DocumentKind::kUsePolicy;
    case FileRole::kModelCard: return DocumentKind::kModelCard;
    case FileRole::kConfig: return DocumentKind::kConfig;
    case FileRole::kAdapterConfig: return DocumentKind::kAdapterConfig;
    case FileRole::kMergeConfig: return DocumentKind::kMergeConfig;
    default: return DocumentKind::kOther;
  }
}

// A document's first bytes: from disk, or through the release's opener.
Expected<std::string> text_of(const FoundFile& file, const ReleaseLocation& location,
                              size_t max_bytes) {
  if (location.opener) return location.opener->read_text(file, max_bytes);
  return read_text_prefix(file.path, max_bytes);
}

Document read_document(const FoundFile& file, const ReleaseLocation& location,
                       const ReadOptions& options) {
  Document document;
  document.path = file.relative;
  document.kind = document_kind(file.role);
  document.size_bytes = file.size;
  auto text = text_of(file, location, options.max_document_bytes);
  if (text)
    document.text = std::move(*text);
  else
    document.error = text.error().in_file(file.relative);
  return document;
}

Source line_source(const std::string& file, int line) {
  return Source{file, line > 0 ? fmt::format("line {}", line) : std::string()};
}

// A card longer than the document cap is read from its first bytes; if its
// front matter does not close within them, the part that was read cannot
// say what the card declares, and reading it as a card without front
// matter would take licences from YAML lines as if they were prose.
std::optional<Error> truncated_front_matter(const Document& document) {
  if (document.text.size() >= document.size_bytes) return std::nullopt;
  const CardSections sections = split_model_card(document.text);
  if (!sections.unterminated) return std::nullopt;
  return Error::limit(document.path, std::nullopt, "card.front-matter-too-large",
                      fmt::format("the card is {} bytes and its front matter does not close "
                                  "within the first {} bytes read",
                                  document.size_bytes, document.text.size()));
}

void add_card_facts(Document& document, Release& release) {
  auto card = read_model_card(document.text);
  std::optional<Error> failure = truncated_front_matter(document);
  if (!failure && !card) failure = card.error().in_file(document.path);
  if (failure) {
    release.problems.push_back(*failure);
    release.card_error = std::move(failure);
    release.card_path = document.path;
    return;
  }
  document.warnings = card->warnings;
  const auto& path = document.path;
  for (const auto& license : card->licenses)
    release.licenses.push_back(
        {DeclarationField::kLicense, license.value, line_source(path, license.line)});
  if (card->license_name)
    release.licenses.push_back({DeclarationField::kLicenseName, card->license_name->value,
                                line_source(path, card->license_name->line)});
  if (card->license_link)
    release.licenses.push_back({DeclarationField::kLicenseLink, card->license_link->value,
                                line_source(path, card->license_link->line)});
  BaseRelation relation = BaseRelation::kDerived;
  if (card->base_model_relation) {
    if (auto named = base_relation_named(card->base_model_relation->value))
      relation = *named;
    else
      document.warnings.push_back(
          "card.base-model-relation: base_model_relation is none of adapter, merge, quantized, "
          "finetune; the relation is taken as unstated");
  }
  for (const auto& base : card->base_models)
    release.base_models.push_back(
        {base.value, relation, BaseOrigin::kCardMetadata, line_source(path, base.line)});
  for (const auto& dataset : card->datasets)
    release.datasets.push_back({dataset.value, line_source(path, dataset.line)});
  if (card->gated) release.gating.push_back("gated: " + card->gated->value);
  release.card_path = document.path;
  release.card_body = card->body;
  release.card_body_line = card->body_line;
  for (const auto& [key, value] : card->extra_gated)
    release.gating.push_back(key + ": " + value.value);
}

void add_sidecar_facts(Document& document, Release& release) {
  if (document.kind == DocumentKind::kAdapterConfig) {
    auto adapter = read_adapter_config(document.text);
    if (adapter) document.warnings = adapter->warnings;
    if (!adapter)
      release.problems.push_back(adapter.error().in_file(document.path));
    else if (adapter->base_model_name_or_path)
      release.base_models.push_back({*adapter->base_model_name_or_path, BaseRelation::kAdapter,
                                     BaseOrigin::kAdapterConfig,
                                     Source{document.path, "key base_model_name_or_path"}});
  } else if (document.kind == DocumentKind::kMergeConfig) {
    auto merge = read_merge_config(document.text);
    if (!merge) {
      release.problems.push_back(merge.error().in_file(document.path));
      return;
    }
    document.warnings = merge->warnings;
    for (const auto& model : merge->models)
      release.base_models.push_back({model, BaseRelation::kMerge, BaseOrigin::kMergeConfig,
                                     Source{document.path, "key models"}});
    if (merge->base_model)
      release.base_models.push_back({*merge->base_model, BaseRelation::kMerge,
                                     BaseOrigin::kMergeConfig,
                                     Source{document.path, "key base_model"}});
  } else if (document.kind == DocumentKind::kConfig && document.path == "config.json") {
    auto config = read_model_config(document.text);
    if (!config)
      release.problems.push_back(config.error().in_file(document.path));
    else
      document.warnings = config->warnings;
  }
}

// An index names the shards it expects; a release may ship them, ship LFS
// pointers to them, or ship neither.
void read_weights_index(const FoundFile& file, const ReleaseLocation& location,
                        const std::set<std::string>& present, Release& release) {
  Artifact artifact;
  artifact.path = file.relative;
  artifact.format = ArtifactFormat::kSafetensorsIndex;
  artifact.size_bytes = file.size;
  auto text = text_of(file, location, 64u << 20);
  auto index = text ? read_safetensors_index(*text) : Expected<SafetensorsIndex>(text.error());
  if (!index) {
    artifact.error = index.error().in_file(file.relative);
    release.artifacts.push_back(std::move(artifact));
    return;
  }
  const std::string dir =
      fs::path(detail::canonical_name(file.relative)).parent_path().generic_string();
  size_t found = 0;
  std::vector<std::string> missing;
  for (const auto& shard : index->shards) {
    const std::string expected = dir.empty() ? shard : dir + "/" + shard;
    if (present.count(expected) > 0)
      ++found;
    else
      missing.push_back(shard);
  }
  artifact.tensor_count = index->weight_map.size();
  artifact.notes.push_back(
      fmt::format("sharded: {} of {} shards present", found, index->shards.size()));
  if (index->total_size)
    artifact.notes.push_back(fmt::format("total_size {} bytes", *index->total_size));
  for (const auto& shard : missing) artifact.notes.push_back("missing shard: " + shard);
  release.artifacts.push_back(std::move(artifact));
}

bool is_hex_digest(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
         });
}

// Hub cache snapshot entries link to blobs/<sha256> for LFS files.
void record_blob_digest(const FoundFile& file, Artifact& artifact) {
  std::error_code ec;
  if (!fs::is_symlink(file.path, ec)) return;
  const std::string target = fs::read_symlink(file.path, ec).filename().string();
  if (ec || !is_hex_digest(target)) return;
  artifact.recorded_sha256 = target;
  artifact.recorded_sha256_source = Source{file.relative, "hub cache blob name"};
}

// A remote file's digest is the one the host records for it: owl does not
// download a file to hash it.
void record_hub_digest(const FoundFile& file, Artifact& artifact) {
  if (!file.recorded_sha256 || artifact.format == ArtifactFormat::kLfsPointer) return;
  artifact.recorded_sha256 = file.recorded_sha256;
  artifact.recorded_sha256_source = Source{file.relative, "Hub LFS sha256"};
}

detail::ArtifactFacts read_weights(const FoundFile& file, const ReleaseLocation& location) {
  if (!location.opener) return detail::read_weights_file(file);
  auto source = location.opener->open(file);
  if (source) return detail::read_weights_file(file, **source);
  detail::ArtifactFacts facts;
  facts.artifact.path = file.relative;
  facts.artifact.size_bytes = file.size;
  facts.artifact.error = source.error().in_file(file.relative);
  return facts;
}

void hash_artifact(const FoundFile& file, Artifact& artifact, std::atomic<uint64_t>* hashed_bytes) {
  if (artifact.format == ArtifactFormat::kLfsPointer) return;  // nothing to hash but the pointer
  auto digest = detail::sha256_file(file.path, {}, hashed_bytes);
  if (!digest) {
    artifact.error = digest.error().in_file(file.relative);
    return;
  }
  artifact.sha256 = *digest;
  if (artifact.recorded_sha256 && *artifact.recorded_sha256 != *digest)
    artifact.notes.push_back("SHA-256 differs from the recorded " + *artifact.recorded_sha256);
}

// The files of one release at once, each on its own thread: a release of
// shards hashes at the speed of the disk, not of one core. sha256_file
// bounds how many files the whole process hashes at a time.
void hash_artifacts(const std::vector<std::pair<size_t, const FoundFile*>>& jobs,
                    std::vector<Artifact>& artifacts, std::atomic<uint64_t>* hashed_bytes) {
  if (jobs.size() == 1) hash_artifact(*jobs[0].second, artifacts[jobs[0].first], hashed_bytes);
  if (jobs.size() <= 1) return;
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (size_t job = next++; job < jobs.size(); job = next++)
      hash_artifact(*jobs[job].second, artifacts[jobs[job].first], hashed_bytes);
  };
  const size_t threads = std::min<size_t>(jobs.size(), detail::concurrent_hashes());
  std::vector<std::jthread> pool;
  for (size_t i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
}

}  // namespace

Release read_release(const ReleaseLocation& location, const ReadOptions& options) {
  Release release;
  release.name = location.name;
  release.root = location.root;
  release.kind = location.kind;
  release.layout = location.layout;
  release.revision = location.revision;
  release.hub = location.hub;
  release.problems = location.problems;
  std::set<std::string> present;
  for (const auto& file : location.files) present.insert(detail::canonical_name(file.relative));
  release.files.reserve(location.files.size());
  for (const auto& file : location.files) release.files.push_back(file.relative);

  std::vector<detail::GgufShardFile> gguf_files;
  std::vector<std::pair<size_t, const FoundFile*>> to_hash;  // artifact, file
  for (const auto& file : location.files) {
    switch (file.role) {
      case FileRole::kWeights: {
        auto facts = read_weights(file, location);
        if (facts.artifact.format == ArtifactFormat::kGguf ||
            detail::canonical_name(file.relative).ends_with(".gguf"))
          gguf_files.push_back({release.artifacts.size(), std::move(facts.gguf_split)});
        if (location.opener) {
          record_hub_digest(file, facts.artifact);
          if (options.hash && facts.artifact.format != ArtifactFormat::kLfsPointer)
            facts.artifact.notes.push_back(
                "not hashed: a remote file is not downloaded to hash it (the recorded digest "
                "stands)");
        } else {
          record_blob_digest(file, facts.artifact);
          if (options.hash) to_hash.emplace_back(release.artifacts.size(), &file);
        }
        release.artifacts.push_back(std::move(facts.artifact));
        for (auto& license : facts.licenses) release.licenses.push_back(std::move(license));
        for (auto& base : facts.base_models) release.base_models.push_back(std::move(base));
        for (auto& dataset : facts.datasets) release.datasets.push_back(std::move(dataset));
        break;
      }
      case FileRole::kWeightsIndex: read_weights_index(file, location, present, release); break;
      case FileRole::kChatTemplate:
        if (auto artifact = detail::read_chat_template_file(
                file, text_of(file, location, detail::kChatTemplateFileMaxBytes)))
          release.artifacts.push_back(std::move(*artifact));
        break;
      case FileRole::kOther: break;
      default: {
        Document document = read_document(file, location, options);
        if (document.error) {
          release.problems.push_back(*document.error);
        } else if (document.kind == DocumentKind::kModelCard) {
          add_card_facts(document, release);
        } else {
          add_sidecar_facts(document, release);
        }
        release.documents.push_back(std::move(document));
      }
    }
  }
  detail::check_gguf_splits(gguf_files, release);
  hash_artifacts(to_hash, release.artifacts, options.hashed_bytes);
  return release;
}

}  // namespace owl
