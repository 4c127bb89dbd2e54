// The byte-source seam of the weights reader: a file with a whole mapping is
// read as today; a file whose bytes come through ByteSource::read (the
// Hub) is read by the same readers from the few ranges its headers need.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "artifact_readers.h"
#include "owl/text.h"
#include "read/keras_internal.h"
#include "read/nemo_internal.h"
#include "read/pickle_internal.h"
#include "read/pytorch_internal.h"
#include "read/zip_archive.h"

namespace owl::detail {

namespace {

constexpr uint64_t kLfsPointerMaxBytes = 1024;  // per the Git LFS spec
constexpr uint64_t kSafetensorsLengthBytes = 8;

// The file's first bytes, fetched in as few reads as it takes: each
// extension asks for exactly the bytes not yet at hand.
class Prefix {
 public:
  explicit Prefix(ByteSource& source) : source_(source) {}
  Status extend_to(uint64_t length) {
    length = std::min(length, source_.size());
    if (length <= bytes_.size()) return Ok{};
    auto range = source_.read(bytes_.size(), length - bytes_.size());
    if (!range) return range.error();
    if (bytes_.size() + range->size() < length)
      return Error::io(source_.name(), "read.short",
                       fmt::format("asked for bytes up to offset {}, the source gave {}", length,
                                   bytes_.size() + range->size()));
    bytes_.insert(bytes_.end(), range->begin(), range->end());
    return Ok{};
  }
  Bytes bytes() const { return {bytes_.data(), bytes_.size()}; }
  bool complete() const { return bytes_.size() == source_.size(); }

 private:
  ByteSource& source_;
  std::vector<uint8_t> bytes_;
};

bool has_extension(const std::string& name, std::string_view ext) { return name.ends_with(ext); }

void fail(const Error& error, const FoundFile& file, ArtifactFacts& facts) {
  facts.artifact.error = error.in_file(file.relative);
}

// The format a route names when the file itself is not read.
ArtifactFormat format_of(WeightsRoute route, Bytes head, const FoundFile& file) {
  const std::string lower = ascii_lower(canonical_name(file.relative));
  switch (route) {
    case WeightsRoute::kNemo: return ArtifactFormat::kNemo;
    case WeightsRoute::kExecutorch: return ArtifactFormat::kExecutorch;
    case WeightsRoute::kKerasH5: return ArtifactFormat::kKerasH5;
    case WeightsRoute::kOnnx: return ArtifactFormat::kOnnx;
    case WeightsRoute::kPickled:
      if (head.size() >= 6 && head[0] == 0x93 && head[1] == 'N') return ArtifactFormat::kNumpy;
      if (has_extension(lower, ".bin") || has_extension(lower, ".pt") ||
          has_extension(lower, ".pth") || has_extension(lower, ".ckpt"))
        return ArtifactFormat::kPytorchLegacy;
      return ArtifactFormat::kPickle;
    default: return ArtifactFormat::kUnknownWeights;
  }
}

// A file too large to fetch whole for a format that needs it whole: its
// format stands and it is not judged. A format that can run code is never
// safe unread (the "cannot inspect" convention of the Keras reader).
void cannot_inspect_remotely(WeightsRoute route, Bytes head, const FoundFile& file,
                             std::string_view reason, ArtifactFacts& facts) {
  auto& artifact = facts.artifact;
  artifact.format = format_of(route, head, file);
  const std::string why = fmt::format("cannot inspect remotely: {}", reason);
  if (route == WeightsRoute::kOnnx) {
    artifact.notes.push_back(why);
    return;
  }
  artifact.safety = Safety::kSuspicious;
  artifact.safety_findings.push_back(why);
}

// What a growing prefix came to: the reader's own outcome, or why the
// prefix stopped growing before the reader had what it needed.
template <class T>
struct GrownRead {
  std::optional<Expected<T>> outcome;  // the reader answered (not "needs more")
  bool over_cap = false;               // it needed bytes past limits.prefix_cap
  std::optional<Error> fetch_error;    // the source failed
};

// Runs `read(bytes, need)` over the prefix, growing it to `next(need,
// held)` while the reader answers `needs_more_rule`; each growth fetches
// only the tail not yet held.
template <class T, class Need, class Read, class Next>
GrownRead<T> read_growing(Prefix& prefix, const RangedLimits& limits,
                          std::string_view needs_more_rule, Read read, Next next) {
  for (;;) {
    Need need;
    Expected<T> outcome = read(prefix.bytes(), need);
    if (outcome || outcome.error().rule() != needs_more_rule)
      return {std::move(outcome), false, std::nullopt};
    const uint64_t held = prefix.bytes().size();
    if (held >= limits.prefix_cap || need.needed_end > limits.prefix_cap)
      return {std::nullopt, true, std::nullopt};
    if (auto grown = prefix.extend_to(std::min(next(need, held), limits.prefix_cap)); !grown)
      return {std::nullopt, false, grown.error()};
  }
}

// The next prefix length for a GGUF whose reader ran off the prefix: its
// estimate of the header's end plus an eighth of the bytes still to come
// (the estimate projects from means, so a vocabulary of longer tokens
// further on is covered), else doubling from limits.gguf_first.
uint64_t next_gguf_prefix(const GgufPrefixNeed& need, uint64_t held, const RangedLimits& limits) {
  uint64_t next = std::max(limits.gguf_first, held * 2);
  if (need.header_end && *need.header_end > held) {
    const uint64_t to_come = *need.header_end - held;
    next = *need.header_end + to_come / 8;
  }
  return std::max(next, need.needed_end);
}

// The GGUF's metadata and tensor infos from a prefix sized by the reader's
// estimate of where they end; the tensor data is checked against the file
// size.
void read_gguf_ranged(Prefix& prefix, uint64_t size, const RangedLimits& limits,
                      const FoundFile& file, ArtifactFacts& facts) {
  auto grown = read_growing<GgufFile, GgufPrefixNeed>(
      prefix, limits, kGgufNeedsMoreBytes,
      [&](Bytes bytes, GgufPrefixNeed& need) { return read_gguf(bytes, size, need); },
      [&](const GgufPrefixNeed& need, uint64_t held) {
        return next_gguf_prefix(need, held, limits);
      });
  if (grown.outcome) {
    add_gguf_result(*grown.outcome, file, facts);
    return;
  }
  facts.artifact.format = ArtifactFormat::kGguf;
  fail(grown.fetch_error ? *grown.fetch_error
                         : Error::limit("", prefix.bytes().size(), "gguf.header-over-remote-cap",
                                        fmt::format("the metadata and tensor infos go on past "
                                                    "the first {} bytes, as far as owl fetches "
                                                    "of a remote file",
                                                    limits.prefix_cap)),
       file, facts);
}

// A legacy torch.save stream, a plain pickle stream or a .npy: what is
// judged sits at the start, so the prefix grows (to where an opcode's
// length says the pickle goes, else doubling) until the reader no longer
// runs off its end. Past limits.prefix_cap the file is not inspected, as a
// whole-file format past whole_cap is not.
void read_pickled_ranged(Prefix& prefix, uint64_t size, const RangedLimits& limits,
                         const FoundFile& file, ArtifactFacts& facts) {
  auto grown = read_growing<PytorchCheckpoint, PicklePrefixNeed>(
      prefix, limits, kPickleNeedsMoreBytes,
      [&](Bytes bytes, PicklePrefixNeed& need) { return read_pytorch(bytes, size, need); },
      [](const PicklePrefixNeed& need, uint64_t held) {
        return std::max(need.needed_end, held * 2);
      });
  if (grown.outcome) {
    add_pytorch_result(*grown.outcome, ArtifactFormat::kPickle, file, facts);
  } else if (grown.fetch_error) {
    facts.artifact.format = format_of(WeightsRoute::kPickled, prefix.bytes(), file);
    fail(*grown.fetch_error, file, facts);
  } else {
    cannot_inspect_remotely(WeightsRoute::kPickled, prefix.bytes(), file,
                            fmt::format("the pickle goes on past the first {} bytes, as far as "
                                        "owl fetches of a remote file",
                                        limits.prefix_cap),
                            facts);
  }
}

// One member of an archive as a file of its own: reads are shifted by the
// member's offset and clipped to its size.
class MemberSource final : public ByteSource {
 public:
  MemberSource(ByteSource& outer, uint64_t offset, uint64_t size)
      : outer_(outer), offset_(offset), size_(size) {}
  const std::string& name() const override { return outer_.name(); }
  uint64_t size() const override { return size_; }
  Expected<Bytes> read(uint64_t offset, uint64_t length) override {
    if (offset > size_)
      return Error::io(name(), "read.past-end",
                       fmt::format("asked for byte {} of a {}-byte member", offset, size_));
    return outer_.read(offset_ + offset, std::min(length, size_ - offset));
  }

 private:
  ByteSource& outer_;
  uint64_t offset_, size_;
};

// A .nemo tar over ranges: each header read with the 64 KiB after it (the
// small members that follow come with it), configs read whole, checkpoints
// through the ranged zip and pickle readers, storages never fetched.
class RangedTar final : public nemo::TarBytes {
 public:
  RangedTar(ByteSource& source, Bytes head, const RangedLimits& limits)
      : source_(source), window_(head), limits_(limits) {}
  uint64_t size() const override { return source_.size(); }

  Expected<Bytes> read(uint64_t offset, uint64_t length) override {
    if (offset >= window_offset_ && length <= window_.size() &&
        offset - window_offset_ <= window_.size() - length)
      return window_.subspan(static_cast<size_t>(offset - window_offset_),
                             static_cast<size_t>(length));
    if (length > limits_.whole_cap)
      return Error::limit(source_.name(), offset, "nemo.member-over-remote-cap",
                          fmt::format("a member of {} bytes; owl fetches at most {} of a remote "
                                      "file's member",
                                      length, limits_.whole_cap));
    auto fetched = source_.read(offset, std::max(length, limits_.first_read));
    if (!fetched) return fetched.error();
    if (fetched->size() < length)
      return Error::io(source_.name(), "read.short",
                       fmt::format("asked for {} bytes at offset {}, the source gave {}", length,
                                   offset, fetched->size()));
    window_ = *fetched;
    window_offset_ = offset;
    return window_.first(static_cast<size_t>(length));
  }

  std::optional<Expected<PytorchCheckpoint>> read_checkpoint(uint64_t offset,
                                                             uint64_t size) override {
    if (size < 4) return std::nullopt;  // too short to be a zip or a pickle checkpoint
    MemberSource member(source_, offset, size);
    Prefix prefix(member);
    if (auto head = prefix.extend_to(limits_.first_read); !head) {
      failure_ = head.error();
      return std::nullopt;
    }
    const Bytes head = prefix.bytes();
    if (head.size() >= 4 && std::equal(head.begin(), head.begin() + 4, "PK\x03\x04")) {
      auto archive = zip_archive::open_archive(member, "pytorch", pytorch::kMaxZipEntries, head);
      if (!archive) return Expected<PytorchCheckpoint>(archive.error());
      ++zips_read_;
      return pytorch::read_opened_zip(*archive);
    }
    PicklePrefixNeed need;
    const auto looks = pickle::looks_like_pickle_prefix(head, {size, &need});
    if (looks && !*looks) return std::nullopt;
    auto grown = read_growing<PytorchCheckpoint, PicklePrefixNeed>(
        prefix, limits_, kPickleNeedsMoreBytes,
        [&](Bytes bytes, PicklePrefixNeed& more) { return read_pytorch(bytes, size, more); },
        [](const PicklePrefixNeed& more, uint64_t held) {
          return std::max(more.needed_end, held * 2);
        });
    if (grown.fetch_error) failure_ = grown.fetch_error;
    if (grown.outcome) return std::move(*grown.outcome);
    if (grown.over_cap)
      return Expected<PytorchCheckpoint>(Error::limit(
          source_.name(), offset, "nemo.checkpoint-over-remote-cap",
          fmt::format("the pickle goes on past the first {} bytes, as far as owl fetches of a "
                      "remote file",
                      limits_.prefix_cap)));
    return std::nullopt;
  }

  std::optional<Error> failure() const override { return failure_; }
  // Zip checkpoints read over ranges: their storages were not sniffed.
  size_t zips_read() const { return zips_read_; }

 private:
  ByteSource& source_;
  Bytes window_;  // the last range fetched, valid while the source lives
  uint64_t window_offset_ = 0;
  const RangedLimits& limits_;
  std::optional<Error> failure_;
  size_t zips_read_ = 0;
};

// The storages a local read sniffs for a hidden pickle, said when skipped.
constexpr std::string_view kStoragesNotSniffed =
    "read remotely: tensor storages were not fetched, so not sniffed for a hidden pickle";

// The 8-byte length, then exactly the rest of the JSON header.
void read_safetensors_ranged(Prefix& prefix, uint64_t size, const FoundFile& file,
                             ArtifactFacts& facts) {
  if (auto length = read_safetensors_header_length(prefix.bytes(), size)) {
    if (auto whole_header = prefix.extend_to(kSafetensorsLengthBytes + *length); !whole_header) {
      facts.artifact.format = ArtifactFormat::kSafetensors;
      fail(whole_header.error(), file, facts);
      return;
    }
  }
  add_safetensors_result(read_safetensors(prefix.bytes(), size), file, facts);
}

// A zip through libzip over the source's ranges: the central directory and
// the members judged, never a storage.
void read_zip_ranged(ByteSource& source, Bytes head, const FoundFile& file, ArtifactFacts& facts) {
  const bool keras_name = has_extension(ascii_lower(canonical_name(file.relative)), ".keras");
  auto archive = keras_name
                     ? zip_archive::open_archive(source, "keras", keras::kMaxKerasEntries, head)
                     : zip_archive::open_archive(source, "pytorch", pytorch::kMaxZipEntries, head);
  if (!archive) {
    facts.artifact.format = keras_name ? ArtifactFormat::kKeras : ArtifactFormat::kPytorchZip;
    fail(archive.error(), file, facts);
    return;
  }
  if (keras_name || keras::is_keras_archive(archive->get())) {
    add_keras_result(ArtifactFormat::kKeras, keras::read_opened_archive(*archive), file, facts);
    return;
  }
  add_pytorch_result(pytorch::read_opened_zip(*archive), ArtifactFormat::kPytorchZip, file, facts);
  if (!facts.artifact.error && facts.artifact.format != ArtifactFormat::kNumpy)
    facts.artifact.notes.emplace_back(kStoragesNotSniffed);
}

void read_ranged(ByteSource& source, Prefix& prefix, const RangedLimits& limits,
                 const FoundFile& file, ArtifactFacts& facts) {
  const Bytes head = prefix.bytes();
  const uint64_t size = source.size();
  if (auto mismatch = magic_mismatch(file.relative, head)) {
    facts.artifact.format = mismatch->claimed;
    fail(mismatch->error, file, facts);
    return;
  }
  const WeightsRoute route = route_of(head, size, file.relative);
  switch (route) {
    case WeightsRoute::kGguf: read_gguf_ranged(prefix, size, limits, file, facts); return;
    case WeightsRoute::kSafetensors: read_safetensors_ranged(prefix, size, file, facts); return;
    case WeightsRoute::kZip: read_zip_ranged(source, head, file, facts); return;
    case WeightsRoute::kNemo:
      if (head.size() >= 2 && head[0] == 0x1f && head[1] == 0x8b) break;  // gzip'd: whole
      {
        RangedTar tar(source, head, limits);
        add_nemo_result(nemo::read_nemo_tar(tar), file, facts);
        if (!facts.artifact.error && tar.zips_read() > 0)
          facts.artifact.notes.emplace_back(kStoragesNotSniffed);
      }
      return;
    case WeightsRoute::kPickled:
      if (looks_like_compressed_pickle(head)) break;  // inflated whole: fetched whole
      read_pickled_ranged(prefix, size, limits, file, facts);
      return;
    case WeightsRoute::kUnknown: read_route(route, head, file, facts); return;  // reads nothing
    default: break;
  }
  if (size > limits.whole_cap) {
    cannot_inspect_remotely(
        route, head, file, fmt::format("this format needs the whole file ({} bytes)", size), facts);
    return;
  }
  if (auto whole = prefix.extend_to(size); !whole) {
    facts.artifact.format = format_of(route, head, file);
    fail(whole.error(), file, facts);
    return;
  }
  read_route(route, prefix.bytes(), file, facts);
}

}  // namespace

ArtifactFacts read_weights_file(const FoundFile& file, ByteSource& source,
                                const RangedLimits& limits) {
  ArtifactFacts facts;
  facts.artifact.path = file.relative;
  facts.artifact.size_bytes = file.size;
  if (const auto whole = source.whole()) {
    read_weights_bytes(*whole, file, facts);
    return facts;
  }
  Prefix prefix(source);
  if (auto read = prefix.extend_to(limits.first_read); !read) {
    fail(read.error(), file, facts);
    return facts;
  }
  // A Git LFS pointer is text of at most 1024 bytes, read whole; only a
  // zip is worth reading by ranges at that size (and only in tests).
  if (!prefix.complete() && source.size() <= kLfsPointerMaxBytes &&
      route_of(prefix.bytes(), source.size(), file.relative) != WeightsRoute::kZip) {
    if (auto read = prefix.extend_to(source.size()); !read) {
      fail(read.error(), file, facts);
      return facts;
    }
  }
  if (prefix.complete())
    read_weights_bytes(prefix.bytes(), file, facts);
  else
    read_ranged(source, prefix, limits, file, facts);
  return facts;
}

}  // namespace owl::detail
