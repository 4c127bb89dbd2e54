// Builds owl's embedded licence index (see docs/license-index.md).
//
// Reads the SPDX texts that gen_license_index.mjs extracted from npm
// spdx-license-list, the facts in data/licenses/owl_licenses.tsv and the
// reference files they name under ../shared/corpus/licenses, and writes
// src/identify/generated/license_index.inc: the index bytes as a C string
// literal. Only word hashes, bigram samples and facts go in; no licence text.
//
// A reference "fetched:SHORT_ID/FILE" names a text scripts/fetch_license_texts.sh
// put under FETCHED_DIR (git-ignored) for a licence the corpus lacks; its
// upstream URL comes from FETCHED_DIR/ORIGINS.tsv.
//
// It compiles src/identify/tokenise.cpp itself, so the index and the engine
// share one normaliser. Usage:
//   gen_license_index SPDX_DIR SPDX_VERSION FACTS_TSV CORPUS_LICENSES_DIR OUT_INC [FETCHED_DIR]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "identify/index_format.h"
#include "identify/tokenise.h"

namespace fs = std::filesystem;
using namespace owl::identify;

namespace {

struct Source {
  std::string id, family, version, name, source_url, aliases, base;
  uint32_t kind = 0;
  std::vector<std::string> words;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, sep)) fields.push_back(field);
  if (!line.empty() && line.back() == sep) fields.emplace_back();
  return fields;
}

std::vector<std::vector<std::string>> read_tsv(const fs::path& path, size_t columns) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_text(path));
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    auto fields = split(line, '\t');
    fields.resize(std::max(fields.size(), columns));
    rows.push_back(fields);
  }
  return rows;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "Apache-2.0" -> ("apache", "2.0"); "GPL-3.0-only" -> ("gpl", "3.0-only");
// ids whose number is part of the name ("BSD-3-Clause") keep it in the family.
void split_spdx_id(const std::string& id, std::string& family, std::string& version) {
  family = lower(id);
  version.clear();
  for (size_t i = 0; i + 1 < id.size(); ++i) {
    if (id[i] != '-' || !std::isdigit(static_cast<unsigned char>(id[i + 1]))) continue;
    size_t end = i + 1;
    while (end < id.size() && (std::isdigit(static_cast<unsigned char>(id[end])) || id[end] == '.'))
      ++end;
    const std::string rest = id.substr(end);
    if (rest.empty() || rest == "+" || rest == "-only" || rest == "-or-later") {
      family = lower(id.substr(0, i));
      version = id.substr(i + 1);
      return;
    }
  }
}

bool is_deprecated_spdx(const std::string& id) {
  static const std::set<std::string> kDeprecated = {"AGPL-1.0",
                                                    "AGPL-3.0",
                                                    "GFDL-1.1",
                                                    "GFDL-1.2",
                                                    "GFDL-1.3",
                                                    "GPL-1.0",
                                                    "GPL-2.0",
                                                    "GPL-3.0",
                                                    "LGPL-2.0",
                                                    "LGPL-2.1",
                                                    "LGPL-3.0",
                                                    "StandardML-NJ",
                                                    "wxWindows",
                                                    "Nunit",
                                                    "eCos-2.0",
                                                    "BSD-2-Clause-FreeBSD",
                                                    "BSD-2-Clause-NetBSD",
                                                    "bzip2-1.0.5",
                                                    "Net-SNMP",
                                                    "BSD-2-Clause-Patent-deprecated"};
  return id.back() == '+' || kDeprecated.count(id) > 0 || id.find("-with-") != std::string::npos;
}

// Lower rank = preferred canonical id among entries with identical text.
std::tuple<int, int, size_t, std::string> canonical_rank(const Source& s) {
  const bool owl = s.id.rfind("LicenseRef-", 0) == 0;
  const bool only = s.id.size() > 5 && s.id.substr(s.id.size() - 5) == "-only";
  return {is_deprecated_spdx(s.id) ? 1 : (owl ? 2 : 0), only ? 0 : 1, s.id.size(), s.id};
}

std::string apply_skip(const std::string& text, const std::string& skip) {
  if (skip.empty()) return text;
  if (skip == "line1") {
    const size_t eol = text.find('\n');
    return eol == std::string::npos ? std::string() : text.substr(eol + 1);
  }
  if (skip.rfind("from:", 0) == 0) {
    const size_t at = text.find(skip.substr(5));
    if (at == std::string::npos) throw std::runtime_error("skip marker not found: " + skip);
    const size_t line_start = text.rfind('\n', at);
    return text.substr(line_start == std::string::npos ? 0 : line_start + 1);
  }
  throw std::runtime_error("unknown skip rule: " + skip);
}

std::map<std::string, std::string> origin_urls(const fs::path& corpus) {
  std::map<std::string, std::string> urls;
  for (const auto& row : read_tsv(corpus / "ORIGINS.tsv", 5)) {
    const std::string file =
        row[2].substr(row[2].rfind('/') == std::string::npos ? 0 : row[2].rfind('/') + 1);
    urls[row[0] + "/" + file] = "https://github.com/" + row[1] + "/blob/" + row[3] + "/" + row[2];
  }
  return urls;
}

std::vector<Source> load_sources(const fs::path& spdx_dir, const fs::path& facts,
                                 const fs::path& corpus, const fs::path& fetched) {
  std::vector<Source> sources;
  for (const auto& row : read_tsv(spdx_dir / "manifest.tsv", 4)) {
    Source s;
    s.id = row[0];
    s.name = row[1];
    s.source_url = row[2];
    split_spdx_id(s.id, s.family, s.version);
    s.words = normalised_words(read_text(spdx_dir / row[3]));
    sources.push_back(std::move(s));
  }
  const auto urls = origin_urls(corpus);
  const std::string kFetched = "fetched:";
  std::map<std::string, std::string> fetched_urls;
  if (!fetched.empty()) fetched_urls = origin_urls(fetched);
  for (const auto& row : read_tsv(facts, 9)) {
    Source s;
    s.id = row[0], s.family = row[1], s.version = row[2], s.name = row[4], s.base = row[5];
    s.kind = row[3] == "policy" ? 1 : 0;
    s.aliases = row[8];
    if (row[6].rfind(kFetched, 0) == 0) {
      const std::string reference = row[6].substr(kFetched.size());
      if (fetched.empty())
        throw std::runtime_error("reference " + row[6] + " needs the fetched-texts folder");
      const auto url = fetched_urls.find(reference);
      if (url == fetched_urls.end() || !fs::exists(fetched / reference))
        throw std::runtime_error("fetched text missing: " + reference +
                                 " (run scripts/fetch_license_texts.sh)");
      s.source_url = url->second;
      s.words = normalised_words(apply_skip(read_text(fetched / reference), row[7]));
    } else if (!row[6].empty()) {
      const auto url = urls.find(row[6]);
      if (url == urls.end()) throw std::runtime_error("reference not in ORIGINS.tsv: " + row[6]);
      s.source_url = url->second;
      s.words = normalised_words(apply_skip(read_text(corpus / row[6]), row[7]));
    }
    sources.push_back(std::move(s));
  }
  return sources;
}

class Writer {
 public:
  void u8(uint8_t v) { bytes_.push_back(v); }
  void u16(uint16_t v) { u8(static_cast<uint8_t>(v)), u8(static_cast<uint8_t>(v >> 8)); }
  void u32(uint32_t v) { u16(static_cast<uint16_t>(v)), u16(static_cast<uint16_t>(v >> 16)); }
  void raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
  }
  void align4() {
    while (bytes_.size() % 4 != 0) u8(0);
  }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

class StringPool {
 public:
  uint32_t add(const std::string& s) {
    const auto found = offsets_.find(s);
    if (found != offsets_.end()) return found->second;
    const auto offset = static_cast<uint32_t>(pool_.size());
    pool_.insert(pool_.end(), s.begin(), s.end());
    pool_.push_back('\0');
    offsets_[s] = offset;
    return offset;
  }
  const std::vector<char>& bytes() const { return pool_; }

 private:
  std::vector<char> pool_;
  std::map<std::string, uint32_t> offsets_;
};

void write_inc(const fs::path& out, const std::vector<uint8_t>& blob, const std::string& tag) {
  std::ofstream file(out, std::ios::binary);
  file << "// GENERATED by scripts/gen_license_index.sh from " << tag << ".\n"
       << "// Hashed word fingerprints and facts only; no licence text. Do not edit.\n"
       << "// " << blob.size() << " bytes.\n"
       << "alignas(8) static const unsigned char kLicenseIndexBytes[" << blob.size() + 1 << "] =\n";
  size_t column = 0;
  file << '"';
  for (const uint8_t b : blob) {
    if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\' && b != '?') {
      file << static_cast<char>(b);
      column += 1;
    } else {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\%03o", b);
      file << escape;
      column += 4;
    }
    if (column >= 96) {
      file << "\"\n\"";
      column = 0;
    }
  }
  file << "\";\n";
}

// Section 7 of index_format.h: for every sampled bigram key, the entries
// whose sample holds it.
struct SketchInversion {
  std::vector<uint32_t> key_starts, keys, posting_starts, postings;
};

SketchInversion invert_sketches(const std::vector<EntryRecord>& records,
                                const std::vector<uint32_t>& sketches, size_t vocab_count) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // (key, posting)
  for (uint32_t e = 0; e < records.size(); ++e) {
    const EntryRecord& r = records[e];
    for (uint32_t k = 0; k < r.sketch_count; ++k) {
      pairs.emplace_back(sketches[r.sketch_offset + k], (e << 1) | (k < kQuickSample ? 1u : 0u));
    }
  }
  std::sort(pairs.begin(), pairs.end());
  SketchInversion out;
  for (const auto& [key, posting] : pairs) {
    if (out.keys.empty() || out.keys.back() != key) {
      out.keys.push_back(key);
      out.posting_starts.push_back(static_cast<uint32_t>(out.postings.size()));
    }
    out.postings.push_back(posting);
  }
  out.posting_starts.push_back(static_cast<uint32_t>(out.postings.size()));
  for (size_t id = 0; id <= vocab_count; ++id) {
    const auto first = std::lower_bound(out.keys.begin(), out.keys.end(), id << 16,
                                        [](uint32_t key, size_t v) { return key < v; });
    out.key_starts.push_back(static_cast<uint32_t>(first - out.keys.begin()));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    std::fprintf(stderr,
                 "usage: %s SPDX_DIR SPDX_VERSION FACTS_TSV CORPUS_LICENSES_DIR OUT_INC "
                 "[FETCHED_DIR]\n",
                 argv[0]);
    return 2;
  }
  try {
    std::vector<Source> sources =
        load_sources(argv[1], argv[3], argv[4], argc == 7 ? fs::path(argv[6]) : fs::path());
    const std::string tag = std::string("spdx-license-list ") + argv[2] + " + owl corpus facts (" +
                            std::to_string(sources.size()) + " entries)";

    // Vocabulary by frequency; a hash collision between two words is fatal.
    std::unordered_map<uint32_t, std::string> word_of;
    std::unordered_map<uint32_t, uint64_t> frequency;
    for (const Source& s : sources) {
      for (const std::string& w : s.words) {
        const uint32_t h = word_hash(w);
        auto [it, inserted] = word_of.emplace(h, w);
        if (!inserted && it->second != w)
          throw std::runtime_error("word hash collision: " + w + " / " + it->second);
        ++frequency[h];
      }
    }
    std::vector<uint32_t> by_frequency;
    for (const auto& [h, n] : frequency) by_frequency.push_back(h);
    std::sort(by_frequency.begin(), by_frequency.end(), [&](uint32_t a, uint32_t b) {
      return frequency[a] != frequency[b] ? frequency[a] > frequency[b] : a < b;
    });
    if (by_frequency.size() > 0xFFFF) throw std::runtime_error("vocabulary exceeds 65535 words");
    std::unordered_map<uint32_t, uint32_t> id_of;
    for (uint32_t i = 0; i < by_frequency.size(); ++i) id_of[by_frequency[i]] = i;

    // Identical texts: one canonical entry, the rest marked duplicates.
    std::map<uint64_t, std::vector<size_t>> by_exact;
    std::vector<uint64_t> exact(sources.size());
    for (size_t i = 0; i < sources.size(); ++i) {
      std::vector<uint32_t> hashes;
      for (const auto& w : sources[i].words) hashes.push_back(word_hash(w));
      exact[i] = sequence_hash(hashes);
      if (!hashes.empty()) by_exact[exact[i]].push_back(i);
    }
    std::vector<bool> duplicate(sources.size(), false);
    std::vector<std::string> equivalents(sources.size());
    size_t groups = 0;
    for (auto& [hash, members] : by_exact) {
      if (members.size() < 2) continue;
      ++groups;
      std::sort(members.begin(), members.end(), [&](size_t a, size_t b) {
        return canonical_rank(sources[a]) < canonical_rank(sources[b]);
      });
      for (size_t m : members) {
        std::string list;
        for (size_t other : members) {
          if (other == m) continue;
          list += (list.empty() ? "" : ",") + sources[other].id;
        }
        equivalents[m] = list;
        duplicate[m] = m != members.front();
      }
    }

    StringPool strings;
    const uint32_t tag_string = strings.add(tag);
    std::vector<uint8_t> tokens;
    std::vector<uint32_t> sketches;
    std::vector<EntryRecord> records;
    std::map<std::string, uint32_t> entry_of;
    for (size_t i = 0; i < sources.size(); ++i) entry_of[sources[i].id] = static_cast<uint32_t>(i);
    for (size_t i = 0; i < sources.size(); ++i) {
      const Source& s = sources[i];
      EntryRecord r{};
      r.id_string = strings.add(s.id);
      r.family_string = strings.add(s.family);
      r.version_string = strings.add(s.version);
      r.name_string = strings.add(s.name);
      r.source_string = strings.add(s.source_url);
      r.equivalents_string = strings.add(equivalents[i]);
      r.aliases_string = strings.add(s.aliases);
      r.kind = s.kind | (duplicate[i] ? kKindDuplicateBit : 0);
      r.base_entry = kNoEntry;
      if (!s.base.empty()) {
        if (!entry_of.count(s.base)) throw std::runtime_error("unknown base " + s.base);
        r.base_entry = entry_of[s.base];
      }
      r.exact_hash_low = static_cast<uint32_t>(exact[i]);
      r.exact_hash_high = static_cast<uint32_t>(exact[i] >> 32);
      r.token_count = static_cast<uint32_t>(s.words.size());
      r.token_offset = static_cast<uint32_t>(tokens.size());
      std::vector<uint32_t> ids;
      for (const auto& w : s.words) {
        uint32_t id = id_of[word_hash(w)];
        ids.push_back(id);
        do {
          const auto byte = static_cast<uint8_t>(id & 0x7F);
          id >>= 7;
          tokens.push_back(static_cast<uint8_t>(byte | (id ? 0x80 : 0)));
        } while (id);
      }
      std::vector<uint32_t> bigrams;
      for (size_t k = 1; k < ids.size(); ++k) bigrams.push_back(bigram_key(ids[k - 1], ids[k]));
      std::sort(bigrams.begin(), bigrams.end());
      bigrams.erase(std::unique(bigrams.begin(), bigrams.end()), bigrams.end());
      r.bigram_count = static_cast<uint32_t>(bigrams.size());
      std::sort(bigrams.begin(), bigrams.end(), [](uint32_t a, uint32_t b) {
        return mix32(a) != mix32(b) ? mix32(a) < mix32(b) : a < b;
      });
      bigrams.resize(std::min<size_t>(bigrams.size(), kSketchSize));
      r.sketch_offset = static_cast<uint32_t>(sketches.size());
      r.sketch_count = static_cast<uint32_t>(bigrams.size());
      sketches.insert(sketches.end(), bigrams.begin(), bigrams.end());
      records.push_back(r);
    }

    const SketchInversion inversion = invert_sketches(records, sketches, by_frequency.size());

    Writer w;
    w.raw(kIndexMagic, sizeof kIndexMagic);
    const IndexHeader header{kIndexFormatVersion,
                             static_cast<uint32_t>(by_frequency.size()),
                             static_cast<uint32_t>(records.size()),
                             static_cast<uint32_t>(sketches.size()),
                             static_cast<uint32_t>(tokens.size()),
                             static_cast<uint32_t>(strings.bytes().size()),
                             tag_string,
                             static_cast<uint32_t>(inversion.keys.size())};
    for (uint32_t field :
         {header.format_version, header.vocab_count, header.entry_count, header.sketch_words,
          header.token_bytes, header.string_bytes, header.tag_string, header.posting_key_count}) {
      w.u32(field);
    }
    std::vector<uint32_t> sorted_hashes = by_frequency;
    std::sort(sorted_hashes.begin(), sorted_hashes.end());
    for (uint32_t h : sorted_hashes) w.u32(h);
    for (uint32_t h : sorted_hashes) w.u16(static_cast<uint16_t>(id_of[h]));
    w.align4();
    for (uint32_t h : by_frequency) {
      w.u8(static_cast<uint8_t>((is_version_bearing(word_of[h]) ? kFlagVersionBearing : 0) |
                                (is_strong_version(word_of[h]) ? kFlagStrongVersion : 0)));
    }
    w.align4();
    for (const EntryRecord& r : records) {
      const uint32_t* fields = &r.id_string;
      for (size_t f = 0; f < sizeof(EntryRecord) / 4; ++f) w.u32(fields[f]);
    }
    for (uint32_t key : sketches) w.u32(key);
    for (const std::vector<uint32_t>* section :
         {&inversion.key_starts, &inversion.keys, &inversion.posting_starts, &inversion.postings}) {
      for (uint32_t value : *section) w.u32(value);
    }
    w.raw(tokens.data(), tokens.size());
    w.align4();
    w.raw(strings.bytes().data(), strings.bytes().size());
    write_inc(argv[5], w.bytes(), tag);
    std::printf(
        "%zu entries, %zu words in vocabulary, %zu identical-text groups, %zu token bytes, %zu "
        "bytes total\n",
        records.size(), by_frequency.size(), groups, tokens.size(), w.bytes().size());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gen_license_index: %s\n", e.what());
    return 1;
  }
  return 0;
}
