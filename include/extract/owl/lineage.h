// Lineage evidence written in prose, and base-model names resolved to model
// families.
//
// Real cards often state their base only in the body ("a fine-tuned version
// of [meta-llama/Llama-2-7b-hf](...)", "Finetuned from model: ...",
// "continued pretraining of ...", "基于Llama2-7B"). extract_prose_lineage
// finds those sentences and the model name each one names, and keeps the
// sentence as evidence. resolve_family maps a name to its family and version
// through re-uploads and quantisers (NousResearch/Meta-Llama-3-8B,
// TheBloke/Llama-2-7B-GGUF, unsloth/..., bartowski/...) by name patterns,
// not an id list. Architecture is not lineage: TinyLlama is its own family.
// Assess-stage code: works on text the read stage gathered, never on bytes.
// Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/card_mentions.h"
#include "owl/card_text.h"
#include "owl/release.h"

namespace owl {

// How sure owl is of a lineage link: high for structured declarations and
// explicit fine-tune phrases naming a repo, low for "based on LLaMA".
enum class Confidence { kLow, kMedium, kHigh };
const char* to_string(Confidence confidence);

// A base a card's sentence names: a typed claim, with the words as evidence.
struct ProseLineage {
  std::string base;  // "meta-llama/Llama-2-7b-hf" or a free name such as "Llama-2"
  BaseRelation relation = BaseRelation::kBasedOn;
  std::string sentence;  // the words that say it, on one line
  int line = 0;          // 1-based, in the file the body came from
  // high: a fine-tune/quantisation/merge/adapter phrase naming a Hub repo;
  // medium: such a phrase naming a free name, or "based on" a Hub repo;
  // low: "based on" a free name ("based on LLaMA").
  Confidence confidence = Confidence::kLow;
};

// From the card's one parse: prose, headings and HTML, never code, table
// rows or markup. With `release_name`, a sentence about another model is not this release's
// lineage: one whose subject names a different model ("Yi-9B is trained
// based on Yi-6B" in Yi-34B's card), a base of another major version of the
// release's own family ("v1.0, based on llama-2" in a Llama 3 card), or a
// base given only for some models ("initialized from X (for the LLM-based
// reranker)") when the release's name is not of X's family.
std::vector<ProseLineage> extract_prose_lineage(const CardText& card,
                                                std::string_view release_name = {});
// The same over a body not yet parsed (`body_line`: the line number of its
// first line in its file); for callers holding only text, such as tests.
std::vector<ProseLineage> extract_prose_lineage(std::string_view body, int body_line = 1,
                                                std::string_view release_name = {});

struct ModelFamily {
  std::string family;   // "llama", "gemma", "qwen", "mistral", "tinyllama", ...
  std::string version;  // "3.1", "2", "2.5"; empty when the name does not say
  bool operator==(const ModelFamily&) const = default;
};

// nullopt when the name matches no family owl knows.
std::optional<ModelFamily> resolve_family(std::string_view model_name);

// One model under two spellings: "Granite-3.1-1B-A400M-Base" in prose and the
// declared "ibm-granite/granite-3.1-1b-a400m-base" (case and org aside).
bool same_model(std::string_view a, std::string_view b);

// Whether `subject` certainly names a model other than `release_name`: it has
// words of its own and shares none with the release ("GuoFeng4" is not
// "Gf_style2"), or it differs only in size within one family ("Yi-9B" is not
// "Yi-34B-200K"). Family words, versions, sizes and words such as "instruct"
// or "gguf" say nothing either way; when in doubt the answer is no.
bool names_other_model(std::string_view subject, std::string_view release_name);

// Whether a name has words beyond its family, version, size and words any
// model may carry: "llama-2-ko-7b" ("ko") and "Llama2-Chinese-13b-Chat" do;
// "Llama-2-7b-hf", "Qwen-1_8B-Chat" and "internlm2-chat-7b" do not.
bool has_words_of_its_own(std::string_view name);

// "Release Date: April 18, 2024" and the like in one card line -> "2024-04".
// A licence's own "Version Release Date" dates the licence, not the model.
std::optional<std::string> month_in_card_line(std::string_view line);
// "2024-07-26", "2024-07", "2024-07-26T10:00:00Z" -> "2024-07".
std::optional<std::string> month_of_iso(std::string_view text);

// The month a card says its model was released, and the line that says it.
struct StatedReleaseDate {
  std::string month;  // "YYYY-MM"
  int line = 0;
};
std::optional<StatedReleaseDate> stated_release_date(const CardText& card);

// A line of the card that states its licence, as typed evidence: the words
// that may name the licence, best first (those after a cue such as
// "released under", then, under a "License" heading, the short line itself).
// Which licence the words name is assess's to decide, with its knowledge.
// Never from code, and never a line about another thing's licence (the base
// model's, a dataset's, the code's).
struct LicenseStatement {
  std::vector<std::string> candidates;
  std::string sentence;  // the line, capped at 200 bytes
  int line = 0;
};
std::vector<LicenseStatement> find_license_statements(const CardText& card);

// "[Apache 2.0](https://...)" -> "Apache 2.0": a line's words without link
// targets, emphasis, code marks or table bars.
std::string markdown_plain(std::string_view text);

// What a release's card says in its body, read once: the parse every reader
// of prose walks, the bases its sentences name, the release date it states,
// and what it mentions of the release's parts.
struct CardEvidence {
  CardText text;
  std::vector<ProseLineage> lineage;
  std::vector<LicenseStatement> license_statements;
  std::optional<StatedReleaseDate> release_date;
  std::vector<CardMention> mentions;  // the first line of each kind
};

CardEvidence read_card_evidence(std::string_view body, int body_line,
                                std::string_view release_name);

}  // namespace owl
