#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "identify/index_impl.h"

namespace owl {

namespace {

using identify::EntryRecord;
using identify::IndexHeader;

uint32_t read_u32(const uint8_t* p) {
  uint32_t v = 0;
  std::memcpy(&v, p, 4);
  return v;  // the index is little-endian, like every platform owl builds on
}

uint16_t read_u16(const uint8_t* p) {
  uint16_t v = 0;
  std::memcpy(&v, p, 2);
  return v;
}

size_t align4(size_t n) { return (n + 3) & ~size_t{3}; }

Error corrupt(std::string rule, std::string detail) {
  return Error::corrupt("<license index>", std::nullopt, "license-index." + std::move(rule),
                        std::move(detail));
}

// Walks the section table, checking each section fits in what is left.
class SectionCursor {
 public:
  explicit SectionCursor(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  const uint8_t* take(uint64_t size, bool align, const char* name, Error& error) {
    const size_t padded = align ? align4(static_cast<size_t>(size)) : static_cast<size_t>(size);
    if (size > bytes_.size() || padded > bytes_.size() - offset_) {
      error = corrupt("section-past-end", std::string(name) + ": expected " +
                                              std::to_string(padded) + " bytes, found " +
                                              std::to_string(bytes_.size() - offset_));
      return nullptr;
    }
    const uint8_t* start = bytes_.data() + offset_;
    offset_ += padded;
    return start;
  }
  size_t offset() const { return offset_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
};

Status validate_entries(const LicenseIndex::Impl& impl) {
  const IndexHeader& h = impl.header;
  for (size_t i = 0; i < h.entry_count; ++i) {
    const EntryRecord r = impl.record(i);
    for (uint32_t s : {r.id_string, r.family_string, r.version_string, r.name_string,
                       r.source_string, r.equivalents_string, r.aliases_string}) {
      if (s >= h.string_bytes) {
        return corrupt("string-offset", "entry " + std::to_string(i) + ": string offset " +
                                            std::to_string(s) + " beyond pool of " +
                                            std::to_string(h.string_bytes));
      }
    }
    if (uint64_t{r.sketch_offset} + r.sketch_count > h.sketch_words ||
        r.token_offset > h.token_bytes ||
        (r.base_entry != identify::kNoEntry && r.base_entry >= h.entry_count)) {
      return corrupt("entry-range", "entry " + std::to_string(i) + " points outside its tables");
    }
  }
  return Ok{};
}

}  // namespace

uint32_t LicenseIndex::Impl::word_value(uint32_t word_hash) const {
  const uint32_t bucket = word_hash >> (32 - kVocabBucketBits);
  size_t low = vocab_bucket_starts[bucket], high = vocab_bucket_starts[bucket + 1];
  while (low < high) {
    const size_t mid = (low + high) / 2;
    const uint32_t h = read_u32(vocab_hashes + 4 * mid);
    if (h == word_hash) return read_u16(vocab_ids + 2 * mid);
    if (h < word_hash)
      low = mid + 1;
    else
      high = mid;
  }
  return kUnknownWordBit | (word_hash & ~kUnknownWordBit);
}

bool LicenseIndex::Impl::id_is_version_bearing(uint32_t id) const {
  return id < header.vocab_count && (vocab_flags[id] & identify::kFlagVersionBearing) != 0;
}

bool LicenseIndex::Impl::id_is_strong_version(uint32_t id) const {
  return id < header.vocab_count && (vocab_flags[id] & identify::kFlagStrongVersion) != 0;
}

std::string_view LicenseIndex::Impl::string(uint32_t offset) const {
  if (offset >= header.string_bytes) return {};
  return std::string_view(strings + offset);  // the pool ends with NUL (checked on load)
}

std::vector<uint32_t> LicenseIndex::Impl::entry_words(size_t entry) const {
  const EntryRecord r = record(entry);
  std::vector<uint32_t> words;
  words.reserve(r.token_count);
  size_t pos = r.token_offset;
  for (uint32_t i = 0; i < r.token_count; ++i) {
    uint32_t id = 0;
    for (int shift = 0;; shift += 7) {
      if (pos >= header.token_bytes || shift > 14) return {};
      const uint8_t byte = tokens[pos++];
      id |= uint32_t{byte & 0x7Fu} << shift;
      if ((byte & 0x80) == 0) break;
    }
    words.push_back(id);
  }
  return words;
}

bool LicenseIndex::Impl::is_duplicate(size_t entry) const {
  return (record(entry).kind & identify::kKindDuplicateBit) != 0;
}

Expected<LicenseIndex> LicenseIndex::load(std::span<const uint8_t> bytes) {
  constexpr size_t kHeaderBytes = sizeof(identify::kIndexMagic) + sizeof(IndexHeader);
  if (bytes.size() < kHeaderBytes) {
    return corrupt("truncated-header", "expected at least " + std::to_string(kHeaderBytes) +
                                           " bytes, found " + std::to_string(bytes.size()));
  }
  if (std::memcmp(bytes.data(), identify::kIndexMagic, sizeof(identify::kIndexMagic)) != 0) {
    return corrupt("bad-magic", "expected OWLLIDX, found other bytes");
  }
  auto impl = std::make_unique<Impl>();
  impl->bytes = bytes;
  IndexHeader& h = impl->header;
  uint32_t* fields = &h.format_version;
  for (size_t f = 0; f < sizeof(IndexHeader) / 4; ++f)
    fields[f] = read_u32(bytes.data() + 8 + 4 * f);
  if (h.format_version != identify::kIndexFormatVersion) {
    return Error::unsupported("<license index>", "license-index.format-version",
                              "index format " + std::to_string(h.format_version) +
                                  ", this build reads format " +
                                  std::to_string(identify::kIndexFormatVersion));
  }
  SectionCursor cursor(bytes);
  Error error;
  const bool ok =
      cursor.take(kHeaderBytes, true, "header", error) &&
      (impl->vocab_hashes = cursor.take(4ull * h.vocab_count, true, "vocabulary", error)) &&
      (impl->vocab_ids = cursor.take(2ull * h.vocab_count, true, "vocabulary ids", error)) &&
      (impl->vocab_flags = cursor.take(h.vocab_count, true, "vocabulary flags", error)) &&
      (impl->entries =
           cursor.take(uint64_t{sizeof(EntryRecord)} * h.entry_count, true, "entries", error)) &&
      (impl->sketches = cursor.take(4ull * h.sketch_words, true, "sketches", error)) &&
      (impl->key_starts = cursor.take(4ull * h.vocab_count + 4, true, "key starts", error)) &&
      (impl->posting_keys = cursor.take(4ull * h.posting_key_count, true, "keys", error)) &&
      (impl->posting_starts =
           cursor.take(4ull * h.posting_key_count + 4, true, "posting starts", error)) &&
      (impl->postings = cursor.take(4ull * h.sketch_words, true, "postings", error)) &&
      (impl->tokens = cursor.take(h.token_bytes, true, "tokens", error));
  const uint8_t* strings = ok ? cursor.take(h.string_bytes, false, "strings", error) : nullptr;
  if (!ok || strings == nullptr) return error;
  if (h.string_bytes == 0 || strings[h.string_bytes - 1] != 0) {
    return corrupt("string-pool-unterminated", "expected the string pool to end with NUL");
  }
  impl->strings = reinterpret_cast<const char*>(strings);
  impl->vocab_bucket_starts.assign((size_t{1} << Impl::kVocabBucketBits) + 1, h.vocab_count);
  for (uint32_t i = h.vocab_count; i-- > 0;) {
    impl->vocab_bucket_starts[read_u32(impl->vocab_hashes + 4 * i) >>
                              (32 - Impl::kVocabBucketBits)] = i;
  }
  for (size_t b = impl->vocab_bucket_starts.size() - 1; b-- > 0;) {
    impl->vocab_bucket_starts[b] =
        std::min(impl->vocab_bucket_starts[b], impl->vocab_bucket_starts[b + 1]);
  }
  if (Status valid = validate_entries(*impl); !valid) return valid.error();
  for (uint32_t i = 0; i < h.entry_count; ++i) {
    const EntryRecord r = impl->record(i);
    if (r.token_count == 0 || (r.kind & identify::kKindDuplicateBit)) continue;
    const uint64_t exact = uint64_t{r.exact_hash_high} << 32 | r.exact_hash_low;
    impl->canonical_by_exact_hash.emplace(exact, i);
  }
  return LicenseIndex(std::move(impl));
}

const LicenseIndex& LicenseIndex::builtin() {
  static const LicenseIndex index = [] {
    Expected<LicenseIndex> loaded = load(identify::builtin_index_bytes());
    if (!loaded) {
      // A broken embedded index is a build defect, not a runtime condition.
      std::fprintf(stderr, "owl: embedded licence index refused: %s\n",
                   loaded.error().message().c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return index;
}

LicenseIndex::LicenseIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LicenseIndex::LicenseIndex(LicenseIndex&&) noexcept = default;
LicenseIndex& LicenseIndex::operator=(LicenseIndex&&) noexcept = default;
LicenseIndex::~LicenseIndex() = default;

std::string_view LicenseIndex::version_tag() const {
  return impl_->string(impl_->header.tag_string);
}
size_t LicenseIndex::size() const { return impl_->header.entry_count; }

LicenseEntry LicenseIndex::entry(size_t i) const {
  const EntryRecord r = impl_->record(i);
  LicenseEntry e;
  e.id = impl_->string(r.id_string);
  e.family = impl_->string(r.family_string);
  e.version = impl_->string(r.version_string);
  e.name = impl_->string(r.name_string);
  e.source_url = impl_->string(r.source_string);
  e.kind = (r.kind & 0xFF) == 1 ? EntryKind::kPolicy : EntryKind::kLicence;
  e.words = r.token_count;
  return e;
}

size_t LicenseIndex::find(std::string_view id) const {
  const auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (size_t i = 0; i < size(); ++i) {
    if (same(impl_->string(impl_->record(i).id_string), id)) return i;
  }
  return size();
}

}  // namespace owl
