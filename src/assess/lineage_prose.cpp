// Lineage stated in a card's prose: a trigger phrase, then the model it
// names. A phrase alone proves nothing ("based on the transformer"), so a
// name counts only when it is a Hub repo id or names a known family.
#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

#include "owl/lineage.h"
#include "owl/text.h"
#include "owl/units.h"

namespace owl {

namespace {

struct Trigger {
  std::string_view phrase;  // lower case; matched case-insensitively
  std::string_view relation;
};

constexpr std::array<Trigger, 24> kTriggers = {{
    {"finetuned from model", "finetune"},
    {"fine-tuned from model", "finetune"},
    {"fine-tuned version of", "finetune"},
    {"finetuned version of", "finetune"},
    {"fine tuned version of", "finetune"},
    {"fine-tuned from", "finetune"},
    {"finetuned from", "finetune"},
    {"fine-tuned on top of", "finetune"},
    {"continued pretraining of", "continued-pretraining"},
    {"continued pre-training of", "continued-pretraining"},
    {"continual pretraining of", "continued-pretraining"},
    {"continually pre-trained from", "continued-pretraining"},
    {"quantized version of", "quantized"},
    {"quantised version of", "quantized"},
    {"model files for", "quantized"},
    {"quants of", "quantized"},
    {"merge of", "merge"},
    {"adapter for", "adapter"},
    {"based on", "based-on"},
    {"built on top of", "based-on"},
    {"initialized from", "based-on"},
    {"derived from", "based-on"},
    {"\xe5\x9f\xba\xe4\xba\x8e", "based-on"},  // 基于
    {"\xe7\xbb\xa7\xe7\xbb\xad\xe9\xa2\x84\xe8\xae\xad\xe7\xbb\x83",
     "continued-pretraining"},  // 继续预训练
}};

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '/';
}

// "org/name" with sane parts: what a Hub link or a card's base_model holds.
bool is_repo_id(std::string_view name) {
  const size_t slash = name.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= name.size()) return false;
  if (name.find('/', slash + 1) != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), is_name_char) &&
         std::any_of(name.begin() + static_cast<long>(slash), name.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

std::string trim_name(std::string name) {
  while (!name.empty() && (name.back() == '.' || name.back() == '-' || name.back() == '/'))
    name.pop_back();
  return name;
}

// "the tokenizer is based on X", "code based on X": the sentence is about a
// part or a tool, not about where the weights came from.
// "based on the T5 architecture" is architecture, and architecture is not
// lineage; nor are "applications based on Whisper".
bool about_something_else(const std::string& lower, size_t trigger_at, size_t trigger_end) {
  const size_t from = trigger_at > 40 ? trigger_at - 40 : 0;
  const std::string_view before = std::string_view(lower).substr(from, trigger_at - from);
  for (std::string_view word : {"tokenizer", "code ", "architecture", "prompt", "format", "library",
                                "template", "application", "tools", "license", "dataset"})
    if (before.find(word) != std::string_view::npos) return true;
  const std::string_view after = std::string_view(lower).substr(trigger_end, 60);
  return after.find("architecture") != std::string_view::npos;
}

// The model named right after a trigger: a Markdown link (its Hub URL wins),
// a `code` span, or a bare name.
std::string name_after(std::string_view line, size_t pos) {
  constexpr std::string_view kSkip = " \t*:`\"'(";
  for (bool skipped = true; skipped;) {
    skipped = false;
    while (pos < line.size() && kSkip.find(line[pos]) != std::string_view::npos && line[pos] != '`')
      ++pos;
    for (std::string_view filler : {"the ", "a ", "[optional]", "model "}) {
      if (ascii_lower(line.substr(pos, filler.size())) == filler) {
        pos += filler.size();
        skipped = true;
      }
    }
  }
  if (pos >= line.size()) return "";
  if (line[pos] == '`') {
    const size_t end = line.find('`', pos + 1);
    return end == std::string_view::npos ? "" : std::string(line.substr(pos + 1, end - pos - 1));
  }
  if (line[pos] == '[') {
    const size_t close = line.find(']', pos);
    if (close == std::string_view::npos) return "";
    std::string text(line.substr(pos + 1, close - pos - 1));
    if (close + 1 < line.size() && line[close + 1] == '(') {
      const size_t end = line.find(')', close);
      const std::string_view url =
          line.substr(close + 2, end == std::string_view::npos ? 0 : end - close - 2);
      constexpr std::string_view kHub = "huggingface.co/";
      if (const size_t hub = url.find(kHub); hub != std::string_view::npos) {
        std::string repo(url.substr(hub + kHub.size()));
        if (const size_t cut = repo.find_first_of("?#"); cut != std::string::npos) repo.resize(cut);
        if (is_repo_id(trim_name(repo))) return trim_name(repo);
      } else if (url.find("github.com/") != std::string_view::npos) {
        return "";  // a code repository, not a model
      }
    }
    return text;
  }
  size_t end = pos;
  while (end < line.size() && is_name_char(line[end])) ++end;
  std::string name = trim_name(std::string(line.substr(pos, end - pos)));
  // "Llama 2", "Stable Diffusion 1.5": a family word followed by its version.
  if (end + 1 < line.size() && line[end] == ' ' &&
      std::isdigit(static_cast<unsigned char>(line[end + 1]))) {
    size_t version_end = end + 1;
    while (
        version_end < line.size() &&
        (std::isdigit(static_cast<unsigned char>(line[version_end])) || line[version_end] == '.'))
      ++version_end;
    name += "-" + trim_name(std::string(line.substr(end + 1, version_end - end - 1)));
  }
  return name;
}

bool names_a_model(const std::string& name) {
  if (name.empty() || name.size() > 120 || name.find("More Information") != std::string::npos)
    return false;
  return is_repo_id(name) || resolve_family(name).has_value();
}

void scan_line(std::string_view line, int line_number,
               std::set<std::pair<std::string, std::string>>& seen,
               std::vector<ProseLineage>& out) {
  const std::string lower = ascii_lower(line);
  for (const auto& trigger : kTriggers) {
    for (size_t at = lower.find(trigger.phrase); at != std::string::npos;
         at = lower.find(trigger.phrase, at + trigger.phrase.size())) {
      if (trigger.relation == "based-on" &&
          about_something_else(lower, at, at + trigger.phrase.size()))
        continue;
      const std::string base = name_after(line, at + trigger.phrase.size());
      if (!names_a_model(base)) continue;
      if (!seen.insert({base, std::string(trigger.relation)}).second) continue;
      const bool strong_phrase = trigger.relation != "based-on";
      const char* confidence = strong_phrase && is_repo_id(base)   ? "high"
                               : strong_phrase || is_repo_id(base) ? "medium"
                                                                   : "low";
      out.push_back(
          {base, std::string(trigger.relation), one_line(line, 300), line_number, confidence});
    }
  }
}

}  // namespace

std::vector<ProseLineage> extract_prose_lineage(std::string_view body, int body_line) {
  std::vector<ProseLineage> found;
  std::set<std::pair<std::string, std::string>> seen;
  int line_number = body_line;
  bool in_code_block = false;
  for (size_t start = 0; start <= body.size();) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(start, end - start);
    // Code samples load models by name ("from_pretrained('meta-llama/...')")
    // without saying anything about where this model came from.
    if (line.find("```") != std::string_view::npos)
      in_code_block = !in_code_block;
    else if (!in_code_block)
      scan_line(line, line_number, seen, found);
    ++line_number;
    start = end + 1;
  }
  return found;
}

}  // namespace owl
