// Lineage stated in a card's prose: a trigger phrase, then the model it
// names. A phrase alone proves nothing ("based on the transformer"), so a
// name counts only when it is a Hub repo id or names a known family.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "owl/lineage.h"
#include "owl/name_lexicon.h"
#include "owl/text.h"
#include "owl/units.h"

namespace owl {

namespace {

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

const NameLexicon::LineageExclusions& exclusions() {
  return NameLexicon::builtin().lineage_exclusions;
}

bool holds_any(std::string_view text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& word) {
    return text.find(word) != std::string_view::npos;
  });
}

// "This is the successor of X, a merge of Y": Y made X, not this release.
bool is_about_another_release(const std::string& lower, size_t sentence_at, size_t trigger_at) {
  const std::string_view sentence =
      std::string_view(lower).substr(sentence_at, trigger_at - std::min(sentence_at, trigger_at));
  return holds_any(sentence, exclusions().other_release_words);
}

// "the tokenizer is based on X", "code based on X": the sentence is about a
// part or a tool, not about where the weights came from. Nor is "the
// successor of X, a merge of Y", or "X based on SDXL has been released"
// (news of another model), or "applications based on Whisper".
bool about_something_else(const std::string& lower, size_t sentence_at, size_t trigger_at,
                          size_t trigger_end) {
  const auto& excluded = exclusions();
  const size_t from = trigger_at > 40 ? trigger_at - 40 : 0;
  const std::string_view text = lower;
  if (holds_any(text.substr(from, trigger_at - from), excluded.part_or_tool_words) ||
      is_about_another_release(lower, sentence_at, trigger_at) ||
      holds_any(text.substr(sentence_at, trigger_at - sentence_at), excluded.document_words))
    return true;
  return holds_any(text.substr(trigger_end, 80), excluded.news_words);
}

// "based on the T5 architecture", "based on the [Stable Diffusion model
// card](...)": architecture and documents are not lineage.
bool names_a_design_or_document(const std::string& lower, size_t trigger_end, size_t name_end) {
  const std::string_view text = lower;
  const size_t span = name_end > trigger_end ? name_end - trigger_end : 0;
  const auto& designs = exclusions().design_words;
  return std::any_of(designs.begin(), designs.end(), [&](const auto& design) {
    return text.substr(trigger_end, span + design.reach).find(design.word) !=
           std::string_view::npos;
  });
}

// Words that finish a model's name written with a space: "Flux Schnell" is
// not "Flux" (FLUX.1 [dev]), and "Llama Factory" is a tool, not Llama.
bool is_name_suffix(std::string_view word) {
  const auto& words = NameLexicon::builtin().name_variant_words;
  return std::find(words.begin(), words.end(), ascii_lower(word)) != words.end();
}

struct NamedModel {
  std::string name;
  size_t end = 0;  // just past the name (and its link) in the line
};

constexpr std::string_view kHub = "huggingface.co/";

// The repo a Hub URL points to ("org/name", or a legacy "name"), without
// its query or a repo page under it ("/tree/main", "/blob/main/x.pth");
// nothing for a URL elsewhere, "" for a Hub page that is no model (a
// dataset, a Space). Other paths (the docs) stay whole, and are no repo id.
std::optional<std::string> hub_repo(std::string_view url) {
  const size_t hub = url.find(kHub);
  if (hub == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(hub + kHub.size());
  path = path.substr(0, path.find_first_of("?#"));
  const size_t first = path.find('/');
  if (first != std::string_view::npos) {
    const std::string_view head = path.substr(0, first);
    if (head == "datasets" || head == "spaces") return std::string();
    const size_t second = path.find('/', first + 1);
    if (second != std::string_view::npos) {
      const std::string_view page =
          path.substr(second + 1, path.find('/', second + 1) - second - 1);
      for (std::string_view repo_page :
           {"tree", "blob", "resolve", "raw", "discussions", "commits"})
        if (page == repo_page) path = path.substr(0, second);
    }
  }
  return trim_name(std::string(path));
}

// "https://huggingface.co/org/name" written out, not as a link: the repo,
// and where the URL ends.
std::optional<NamedModel> bare_hub_url(std::string_view line, size_t pos) {
  const std::string_view rest = line.substr(pos);
  const size_t hub = rest.find(kHub);
  if (hub == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = rest.substr(0, hub);
  if (scheme != "" && scheme != "https://" && scheme != "http://" && scheme != "https://www." &&
      scheme != "http://www.")
    return std::nullopt;
  size_t end = hub;
  while (end < rest.size() && (is_name_char(rest[end]) || rest[end] == '?' || rest[end] == '#' ||
                               rest[end] == '=' || rest[end] == '&'))
    ++end;
  auto repo = hub_repo(rest.substr(0, end));
  if (!repo || repo->empty()) return std::nullopt;
  return NamedModel{std::move(*repo), pos + end};
}

// "[text](url)": the Hub repo the link points to, else its text; nothing
// for a link to a code repository.
NamedModel linked_name(std::string_view line, size_t pos) {
  const size_t close = line.find(']', pos);
  if (close == std::string_view::npos) return {};
  std::string text(line.substr(pos + 1, close - pos - 1));
  if (holds_any(ascii_lower(text), exclusions().document_words)) return {};
  if (close + 1 >= line.size() || line[close + 1] != '(') {
    // "[the Yi series model you base on]": brackets around a phrase of
    // several words, with no link, are a blank to fill in, not a name.
    if (std::count(text.begin(), text.end(), ' ') >= 4) return {};
    return {text, close + 1};
  }
  const size_t url_end = line.find(')', close);
  const size_t end = url_end == std::string_view::npos ? line.size() : url_end + 1;
  const std::string_view url =
      line.substr(close + 2, url_end == std::string_view::npos ? 0 : url_end - close - 2);
  if (const auto repo = hub_repo(url)) {
    if (repo->empty()) return {};  // a dataset or a Space
    if (is_repo_id(*repo)) return {*repo, end};
  } else if (url.find("github.com/") != std::string_view::npos) {
    return {};  // a code repository, not a model
  }
  return {text, end};
}

// The model named right after a trigger: a Markdown link (its Hub URL wins),
// a `code` span, or a bare name.
NamedModel name_after(std::string_view line, size_t pos) {
  constexpr std::string_view kSkip = " \t*:`\"'(";
  for (bool skipped = true; skipped;) {
    skipped = false;
    while (pos < line.size() && kSkip.find(line[pos]) != std::string_view::npos && line[pos] != '`')
      ++pos;
    for (std::string_view filler : NameLexicon::builtin().name_fillers) {
      if (ascii_lower(line.substr(pos, filler.size())) == filler) {
        pos += filler.size();
        skipped = true;
      }
    }
  }
  if (pos >= line.size()) return {};
  if (line[pos] == '`') {
    const size_t end = line.find('`', pos + 1);
    if (end == std::string_view::npos) return {};
    return {std::string(line.substr(pos + 1, end - pos - 1)), end + 1};
  }
  if (line[pos] == '[') return linked_name(line, pos);
  if (auto url = bare_hub_url(line, pos)) return std::move(*url);
  size_t end = pos;
  while (end < line.size() && is_name_char(line[end])) ++end;
  std::string name = trim_name(std::string(line.substr(pos, end - pos)));
  // "Stable Diffusion", "Code Llama": a family named in two capitalised
  // words, when the first alone names none.
  if (end + 1 < line.size() && line[end] == ' ' &&
      std::isupper(static_cast<unsigned char>(line[pos])) &&
      std::isupper(static_cast<unsigned char>(line[end + 1])) && !resolve_family(name)) {
    size_t word_end = end + 1;
    while (word_end < line.size() && std::isalpha(static_cast<unsigned char>(line[word_end])))
      ++word_end;
    const std::string joined = name + "-" + std::string(line.substr(end + 1, word_end - end - 1));
    if (resolve_family(joined)) {
      name = joined;
      end = word_end;
    }
  }
  // "Llama 2", "Stable Diffusion 1.5": a family word followed by its version;
  // "Flux Schnell": followed by its variant.
  if (end + 1 < line.size() && line[end] == ' ') {
    size_t word_end = end + 1;
    if (std::isdigit(static_cast<unsigned char>(line[end + 1]))) {
      while (word_end < line.size() &&
             (std::isdigit(static_cast<unsigned char>(line[word_end])) || line[word_end] == '.'))
        ++word_end;
      // "LLaMA 13B": a size, kept whole so it is not read as a version.
      if (word_end < line.size() && (line[word_end] == 'B' || line[word_end] == 'b') &&
          (word_end + 1 == line.size() ||
           !std::isalnum(static_cast<unsigned char>(line[word_end + 1]))))
        ++word_end;
    } else {
      while (word_end < line.size() && std::isalpha(static_cast<unsigned char>(line[word_end])))
        ++word_end;
      if (!is_name_suffix(line.substr(end + 1, word_end - end - 1))) word_end = end + 1;
    }
    if (word_end > end + 1) {
      name += "-" + trim_name(std::string(line.substr(end + 1, word_end - end - 1)));
      end = word_end;
    }
  }
  return {name, end};
}

bool names_a_model(const std::string& name) {
  if (name.empty() || name.size() > 120 ||
      holds_any(ascii_lower(name), NameLexicon::builtin().name_placeholders))
    return false;
  return is_repo_id(name) || resolve_family(name).has_value();
}

// Where the sentence holding `at` begins: after the last full stop (".",
// "!", "?" before a space; "。", "！", "？").
size_t sentence_start(std::string_view line, size_t at) {
  size_t start = 0;
  for (size_t i = 0; i + 1 < at; ++i) {
    if ((line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i + 1] == ' ') start = i + 2;
    for (std::string_view stop : {"\xe3\x80\x82", "\xef\xbc\x81", "\xef\xbc\x9f"})
      if (line.substr(i, stop.size()) == stop && i + stop.size() <= at) start = i + stop.size();
  }
  return start;
}

// A word that reads as a model's name: "Yi-9B", "GuoFeng4", "DRAGON+",
// "GemMoE"; not "This", "Our" or "Because".
bool looks_like_model_name(std::string_view word) {
  if (word.size() < 2) return false;
  return std::any_of(word.begin(), word.end(),
                     [](char c) {
                       return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '/';
                     }) ||
         std::any_of(word.begin() + 1, word.end(),
                     [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}

// The model a sentence starts by naming, if it does: "Yi-9B is trained based
// on ...", "* [org/X](...), based on ...". Markup in front is skipped.
std::string sentence_subject(std::string_view line, size_t start, size_t trigger_at) {
  size_t pos = start;
  while (pos < trigger_at) {
    if (line[pos] == '<') {  // an HTML tag such as <td> or <li>
      const size_t close = line.find('>', pos);
      if (close == std::string_view::npos || close >= trigger_at) return "";
      pos = close + 1;
    } else if (std::string_view(" \t*#->+_").find(line[pos]) != std::string_view::npos) {
      ++pos;
    } else {
      break;
    }
  }
  if (pos >= trigger_at) return "";
  if (line[pos] == '[' || line[pos] == '`') {
    NamedModel named = name_after(line, pos);
    const bool usable = named.end <= trigger_at && named.name.find(' ') == std::string::npos &&
                        looks_like_model_name(named.name);
    return usable ? named.name : "";
  }
  size_t end = pos;
  while (end < trigger_at && (is_name_char(line[end]) || line[end] == '+')) ++end;
  const std::string_view word = line.substr(pos, end - pos);
  return looks_like_model_name(word) ? trim_name(std::string(word)) : "";
}

// A phrase inside a link's text ("[Introducing DistilBERT, a distilled
// version of BERT](https://...)") is a title of something else, and a line
// citing a paper quotes the paper's title.
bool in_title_or_citation(std::string_view line, const std::string& lower, size_t at) {
  const size_t open = line.rfind('[', at);
  const size_t close = line.rfind(']', at);
  if (open != std::string_view::npos && (close == std::string_view::npos || close < open)) {
    const size_t end = line.find(']', at);
    if (end != std::string_view::npos && end + 1 < line.size() && line[end + 1] == '(') return true;
  }
  return holds_any(lower, exclusions().citation_words);
}

// "initialized from X (for the LLM-based reranker) and Y (for ...)": X is the
// base of some of the card's models only.
bool only_for_some(std::string_view line, size_t end) {
  while (end < line.size() && line[end] == ' ') ++end;
  const auto& marks = exclusions().some_models_marks;
  return std::any_of(marks.begin(), marks.end(), [&](const std::string& mark) {
    return ascii_lower(line.substr(end, mark.size())) == mark;
  });
}

// The card of a model of one family naming a base of another major version
// of it ("Bllossom v1.0, based on llama-2" in a Llama 3 model's card) speaks
// of an earlier model.
bool other_major_version(const std::string& base, const std::optional<ModelFamily>& ours) {
  const auto theirs = resolve_family(base);
  if (!ours || !theirs || ours->family != theirs->family || ours->version.empty() ||
      theirs->version.empty())
    return false;
  const auto major = [](const std::string& version) {
    return version.substr(0, version.find('.'));
  };
  return major(ours->version) != major(theirs->version);
}

struct LineScan {
  std::string_view release_name;
  std::optional<ModelFamily> release_family;  // of release_name, resolved once per card
  std::set<std::pair<std::string, BaseRelation>> seen;
  std::vector<ProseLineage> found;
};

bool about_another_model(std::string_view line, size_t at, size_t sentence_at,
                         const NamedModel& named, const LineScan& scan) {
  if (scan.release_name.empty()) return false;
  if (names_other_model(sentence_subject(line, sentence_at, at), scan.release_name)) return true;
  if (other_major_version(named.name, scan.release_family)) return true;
  if (!only_for_some(line, named.end)) return false;
  const auto theirs = resolve_family(named.name);
  return !scan.release_family || !theirs || scan.release_family->family != theirs->family;
}

// `lower`: the line in lower case, shared with scan_subject.
void scan_line(std::string_view line, const std::string& lower, int line_number, LineScan& scan) {
  for (const auto& trigger : NameLexicon::builtin().lineage_phrases) {
    for (size_t at = lower.find(trigger.phrase); at != std::string::npos;
         at = lower.find(trigger.phrase, at + trigger.phrase.size())) {
      const size_t sentence_at = sentence_start(line, at);
      if (in_title_or_citation(line, lower, at)) continue;
      if (trigger.relation == BaseRelation::kBasedOn
              ? about_something_else(lower, sentence_at, at, at + trigger.phrase.size())
              : is_about_another_release(lower, sentence_at, at))
        continue;
      const NamedModel named = name_after(line, at + trigger.phrase.size());
      const std::string& base = named.name;
      if (!names_a_model(base) ||
          names_a_design_or_document(lower, at + trigger.phrase.size(), named.end) ||
          about_another_model(line, at, sentence_at, named, scan))
        continue;
      // A card giving its own repo beside "Base Model:" names no base (a
      // copy under another organisation's name is a base, though).
      if (ascii_lower(base) == ascii_lower(scan.release_name)) continue;
      if (!scan.seen.insert({base, trigger.relation}).second) continue;
      const bool strong_phrase = trigger.relation != BaseRelation::kBasedOn;
      const Confidence confidence = strong_phrase && is_repo_id(base)   ? Confidence::kHigh
                                    : strong_phrase || is_repo_id(base) ? Confidence::kMedium
                                                                        : Confidence::kLow;
      scan.found.push_back({base, trigger.relation, one_line(line, 300), line_number, confidence});
    }
  }
}

// Whether only markup stands between the sentence's start and `at`.
bool opens_sentence(std::string_view line, size_t sentence_at, size_t at) {
  for (size_t i = sentence_at; i < at; ++i)
    if (std::string_view(" \t*#->+_").find(line[i]) == std::string_view::npos) return false;
  return true;
}

// "This is a Stable Diffusion model fine-tuned on ...", "This is the
// [org/x](...) model, trained for ...": a sentence whose subject is the base.
void scan_subject(std::string_view line, const std::string& lower, int line_number,
                  LineScan& scan) {
  const auto& subjects = NameLexicon::builtin().lineage_subjects;
  const auto skip_any = [&](size_t pos, const std::vector<std::string>& words) {
    for (bool skipped = true; skipped;) {
      skipped = false;
      while (pos < lower.size() && (lower[pos] == ' ' || lower[pos] == ',')) ++pos;
      for (const auto& word : words)
        if (lower.compare(pos, word.size(), word) == 0) {
          pos += word.size();
          skipped = true;
        }
    }
    return pos;
  };
  for (const auto& cue : subjects.cues) {
    for (size_t at = lower.find(cue); at != std::string::npos;
         at = lower.find(cue, at + cue.size())) {
      if (!opens_sentence(line, sentence_start(line, at), at) ||
          in_title_or_citation(line, lower, at))
        continue;
      const NamedModel named = name_after(line, skip_any(at + cue.size(), subjects.fillers));
      if (!names_a_model(named.name) || ascii_lower(named.name) == ascii_lower(scan.release_name))
        continue;
      const size_t verb_at = skip_any(named.end, subjects.joiners);
      for (const auto& verb : subjects.verbs) {
        if (lower.compare(verb_at, verb.verb.size(), verb.verb) != 0) continue;
        if ((verb.repo_only && !is_repo_id(named.name)) ||
            holds_any(std::string_view(lower).substr(verb_at, 80), subjects.not_after) ||
            !scan.seen.insert({named.name, verb.relation}).second)
          break;
        scan.found.push_back({named.name, verb.relation, one_line(line, 300), line_number,
                              is_repo_id(named.name) ? Confidence::kHigh : Confidence::kMedium});
        break;
      }
    }
  }
}

// A table row lists other projects ("| X | based on Yi-34B |"), not this
// one's base. The parse knows GitHub tables; a row without a delimiter row
// under its header, or an HTML table, is still a row to a reader.
bool is_table_row(const CardLine& line) {
  if (line.kind == CardLineKind::kTableRow) return true;
  const std::string_view text = line.text;
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return false;
  const std::string head = ascii_lower(text.substr(first, 3));
  return text[first] == '|' || head == "<td" || head == "<tr";
}

}  // namespace

std::vector<ProseLineage> extract_prose_lineage(const CardText& card,
                                                std::string_view release_name) {
  LineScan scan{
      release_name, release_name.empty() ? std::nullopt : resolve_family(release_name), {}, {}};
  for (const auto& line : card.lines) {
    // Code samples load models by name ("from_pretrained('meta-llama/...')")
    // without saying anything about where this model came from.
    if (line.kind == CardLineKind::kCode || line.kind == CardLineKind::kBlank ||
        line.kind == CardLineKind::kMarkup || is_table_row(line))
      continue;
    const std::string lower = ascii_lower(line.text);
    scan_line(line.text, lower, line.number, scan);
    scan_subject(line.text, lower, line.number, scan);
  }
  return std::move(scan.found);
}

std::vector<ProseLineage> extract_prose_lineage(std::string_view body, int body_line,
                                                std::string_view release_name) {
  return extract_prose_lineage(read_card_text(body, body_line), release_name);
}

const char* to_string(Confidence confidence) {
  switch (confidence) {
    case Confidence::kLow: return "low";
    case Confidence::kMedium: return "medium";
    case Confidence::kHigh: return "high";
  }
  return "low";
}

CardEvidence read_card_evidence(std::string_view body, int body_line,
                                std::string_view release_name) {
  CardEvidence card;
  card.text = read_card_text(body, body_line);
  card.lineage = extract_prose_lineage(card.text, release_name);
  card.license_statements = find_license_statements(card.text);
  card.release_date = stated_release_date(card.text);
  card.mentions = find_card_mentions(card.text);
  return card;
}

}  // namespace owl
