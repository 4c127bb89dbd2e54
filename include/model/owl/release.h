// The release model: what one model release ships, and where each fact came
// from.
//
// A Release is the read stage's output and the input of every later stage:
// its artifacts (weights files and pointers to them), its documents (licence,
// notice, policy and card texts), and the metadata it declares (licences,
// base models, datasets), each declaration carrying a Source so a report can
// say "README.md line 3" or "model.gguf key general.license". Later stages
// add to a Release only through their own result types (identify's matches,
// assess's verdicts), so the data keeps flowing one way. Plain values; safe
// to share read-only across threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"
#include "owl/safety.h"

namespace owl {

// Where a fact was read: a file relative to the release root, and a place in
// it ("line 3", "key general.license", "byte 8", "tensor 12").
struct Source {
  std::string file;
  std::string where;
  std::string describe() const;  // "README.md line 3"
  bool operator==(const Source&) const = default;
};

enum class ArtifactFormat {
  kGguf,
  kSafetensors,
  kSafetensorsIndex,
  kPytorchZip,
  kPytorchLegacy,
  kPickle,
  kNumpy,        // .npy / .npz (an object array carries a pickle)
  kTorchScript,  // a PyTorch zip with code/ (torch.jit.save): a program, not only weights
  kOnnx,
  kKeras,       // .keras archive (config.json judged for code it makes Keras run)
  kKerasH5,     // legacy Keras HDF5 (.h5, model_config attribute judged likewise)
  kNemo,        // NeMo .nemo tar: Hydra `_target_`s and the checkpoints inside judged
  kExecutorch,  // ExecuTorch .pte program: operators and delegates listed
  kLfsPointer,  // a Git LFS pointer standing in for a weights file
  kUnknownWeights,
  // Not weights: Jinja the loader renders on every conversation
  // (tokenizer_config.json's chat_template, chat_template.jinja), judged
  // like the template a GGUF carries.
  kChatTemplate,
};
const char* to_string(ArtifactFormat format);
// Whether an artifact of this format is (or stands for) weights: false for
// a shard index and a chat template file, which travel with weights.
bool holds_weights(ArtifactFormat format);

struct Artifact {
  std::string path;  // relative to the release root
  ArtifactFormat format = ArtifactFormat::kUnknownWeights;
  uint64_t size_bytes = 0;  // on disk (or as an LFS pointer records it)
  std::optional<uint64_t> parameter_count;
  std::optional<uint64_t> tensor_count;
  std::map<std::string, uint64_t> tensor_types;  // dtype/ggml type -> count
  std::optional<std::string> architecture;
  std::optional<std::string> sha256;  // computed, only when hashing was asked for
  // What the release itself records: an LFS pointer's oid, or the name of
  // the hub cache blob a snapshot entry links to (blobs are named by it).
  std::optional<std::string> recorded_sha256;
  std::optional<Source> recorded_sha256_source;
  std::optional<Safety> safety;  // for pickle-bearing formats
  std::vector<std::string> safety_findings;
  std::optional<PickleSites>
      pickle_sites;                   // every global and call site, for pickle-bearing formats
  std::vector<std::string> notes;     // facts worth showing ("sharded: 2 of 2 shards present")
  std::optional<Error> error;         // the reader's refusal, if it refused
  std::vector<std::string> warnings;  // the reader read it but met oddities ("rule: detail")
};

enum class DocumentKind {
  kLicense,
  kNotice,
  kUsePolicy,
  kModelCard,
  kConfig,         // config.json, generation_config.json, ...
  kAdapterConfig,  // PEFT adapter_config.json
  kMergeConfig,    // mergekit yaml
  kOther,
};
const char* to_string(DocumentKind kind);

struct Document {
  std::string path;  // relative to the release root
  DocumentKind kind = DocumentKind::kOther;
  uint64_t size_bytes = 0;
  std::string text;  // capped; licence-like documents only
  std::optional<Error> error;
  std::vector<std::string> warnings;  // the reader read it but met oddities ("rule: detail")
};

enum class DeclarationField { kLicense, kLicenseName, kLicenseLink };
const char* to_string(DeclarationField field);

struct LicenseDeclaration {
  DeclarationField field = DeclarationField::kLicense;
  std::string value;
  Source source;
};

// How a release was made from a base model, as a declaration or a sentence
// says it; kDerived when it does not say how.
enum class BaseRelation {
  kDerived,
  kFinetune,
  kAdapter,
  kQuantized,
  kMerge,
  kContinuedPretraining,
  kBasedOn,     // "based on", "initialized from", "distilled from": the weakest words
  kNamedAfter,  // nothing says it; owl guesses it from a versioned family in the release's name
};
const char* to_string(BaseRelation relation);  // "derived", "finetune", ...
// The relation a card's `base_model_relation` names: the Hub's values
// (adapter, merge, quantized, finetune) and their common spellings.
std::optional<BaseRelation> base_relation_named(std::string_view written);

// Which structured place declared a base.
enum class BaseOrigin { kCardMetadata, kAdapterConfig, kMergeConfig, kWeightsMetadata };
const char* to_string(BaseOrigin origin);  // "card base_model", "adapter config", ...

struct BaseModelDeclaration {
  std::string name;  // "meta-llama/Llama-3.1-8B" or a free name
  BaseRelation relation = BaseRelation::kDerived;
  BaseOrigin origin = BaseOrigin::kCardMetadata;
  Source source;
};

struct DatasetDeclaration {
  std::string name;
  Source source;
};

enum class ReleaseLayout {
  kRepository,        // a directory holding one release (a clone or snapshot)
  kHubCacheSnapshot,  // hub/models--ORG--NAME/snapshots/REV
  kSingleFile,        // a weights file given on its own
  kHubRemote,         // hf://ORG/NAME[@REVISION], read over HTTP from the Hub API
};
const char* to_string(ReleaseLayout layout);

// A hub cache holds datasets beside models (datasets--ORG--NAME); a dataset
// is read the same way (card, licence files) and reported as a dataset.
enum class ReleaseKind { kModel, kDataset };
const char* to_string(ReleaseKind kind);

// What the Hugging Face Hub API says of a release read remotely
// (`owl scan hf://ORG/NAME`): the commit the files were read at and the
// repo's own facts. Dates are ISO 8601 as the API gives them.
struct HubRecord {
  std::string repo;                      // ORG/NAME
  std::string commit;                    // the sha every file was read at
  std::optional<std::string> requested;  // the revision asked for, if not the default branch
  std::optional<std::string> created_at, last_modified;
  std::optional<std::string> gated;  // "auto" or "manual" when the repo is gated
  bool is_private = false;
  std::optional<std::string> pipeline_tag, library_name;
  std::vector<std::string> tags;
};

struct Release {
  std::string name;  // "ORG/NAME" when known, else the folder or file name
  std::string root;  // as given on the command line
  ReleaseKind kind = ReleaseKind::kModel;
  ReleaseLayout layout = ReleaseLayout::kRepository;
  std::optional<std::string> revision;  // hub cache snapshot hash
  std::optional<HubRecord> hub;         // set when read from the Hub over HTTP

  std::vector<std::string> files;  // every file it ships, relative to root, sorted
  std::vector<Artifact> artifacts;
  std::vector<Document> documents;
  std::vector<LicenseDeclaration> licenses;
  std::vector<BaseModelDeclaration> base_models;
  std::vector<DatasetDeclaration> datasets;
  std::vector<std::string> gating;  // gated / extra_gated_* facts, "key: value"
  // The model card (its path, its Markdown body after the front matter, and
  // the line the body starts on), for stages that read prose.
  std::string card_path;
  std::string card_body;
  int card_body_line = 0;
  // Why the model card could not be read (its YAML does not parse, or its
  // front matter is over the size cap). Then nothing it says is known: not
  // its licence, and not its prose, so no later stage may treat the release
  // as declaring no licence. The same error is in `problems`.
  std::optional<Error> card_error;
  // Files that could not be read at all, and what the walk could not list
  // (unreadable folders, dangling links, FIFOs, the file cap): each makes
  // the release incomplete, and the CLI exits 2.
  std::vector<Error> problems;

  std::optional<uint64_t> parameter_count() const;  // across weights artifacts, if known
};

}  // namespace owl
