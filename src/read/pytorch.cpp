// read_pytorch: container detection, legacy torch.save streams, plain pickle
// streams and .npy files. Zip archives are read in pytorch_zip.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "owl/pickle.h"
#include "read/pickle_decode.h"
#include "read/pickle_internal.h"
#include "read/pytorch_internal.h"

namespace owl {

namespace pytorch {

namespace {

bool starts_with(Bytes bytes, std::string_view magic, size_t at = 0) {
  return bytes.size() >= at + magic.size() &&
         std::memcmp(bytes.data() + at, magic.data(), magic.size()) == 0;
}

// Archive and compression formats owl recognises but does not open.
const char* other_container(Bytes bytes) {
  using namespace std::string_view_literals;
  if (starts_with(bytes, "7z\xBC\xAF\x27\x1C"sv)) return "7z archive";
  if (starts_with(bytes, "\x1F\x8B"sv)) return "gzip stream that does not inflate";
  if (starts_with(bytes, "BZh"sv)) return "bzip2 stream";
  if (starts_with(bytes,
                  "\xFD"
                  "7zXZ\x00"sv))
    return "xz stream";
  if (starts_with(bytes, "\x28\xB5\x2F\xFD"sv)) return "zstd stream";
  if (starts_with(bytes, "Rar!\x1A\x07"sv)) return "rar archive";
  if (starts_with(bytes, "ustar"sv, 257)) return "tar archive (torch.save before 0.4 used tar)";
  if (starts_with(bytes, "\x89HDF\r\n\x1A\n"sv)) return "HDF5 file";
  return nullptr;
}

// torch.save's legacy stream opens with a pickle of the magic number
// 0x1950a86a20f9469cfc6c, written as LONG1 (protocol 2+) or as a LONG line.
bool is_legacy_magic(Bytes bytes) {
  using namespace std::string_view_literals;
  size_t at = 0;
  if (bytes.size() >= 2 && bytes[0] == 0x80) at = 2;
  const auto rest = bytes.subspan(std::min(at, bytes.size()));
  return starts_with(rest, "\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19."sv) ||
         starts_with(rest, "L119547037146038801333356L\n."sv) ||
         starts_with(rest, "L119547037146038801333356\n."sv);
}

std::string hex_prefix(Bytes bytes) {
  std::string out;
  for (size_t i = 0; i < std::min<size_t>(bytes.size(), 8); ++i) {
    out += fmt::format("{}{:02x}", i == 0 ? "" : " ", bytes[i]);
  }
  return out.empty() ? "no bytes" : out;
}

// Over a prefix (see InputExtent) the walk asks for more bytes wherever the
// whole stream would be needed to decide: a pickle that goes on, the start
// of a next pickle; sizes after the last pickle are the whole input's.
Expected<PytorchCheckpoint> read_pickle_stream(Bytes bytes, int depth,
                                               const pickle::InputExtent& extent) {
  const bool legacy = is_legacy_magic(bytes);
  PytorchCheckpoint checkpoint;
  checkpoint.container =
      legacy ? PytorchCheckpoint::Container::kLegacyPickle : PytorchCheckpoint::Container::kPickle;
  // Legacy: magic, protocol version, sys info, the object, storage keys.
  const int wanted = legacy ? 5 : kMaxStreamPickles;
  Verdicts verdicts;
  uint64_t offset = 0;
  int count = 0;
  bool broken = false;
  const uint64_t size = extent.size;
  while (offset < size && count < wanted) {
    if (offset >= bytes.size()) return pickle::needs_more_bytes(extent, offset, 0);
    const Bytes rest = bytes.subspan(offset);
    const pickle::InputExtent rest_extent{size - offset, extent.need};
    if (count > 0) {
      const auto looks = pickle::looks_like_pickle_prefix(rest, rest_extent);
      if (!looks) return pickle::needs_more_bytes(extent, offset, 0);
      if (!*looks) break;
    }
    auto scan = pickle::scan_pickle_at_depth(rest, offset, depth, rest_extent);
    if (!scan) {
      if (count == 0 || scan.error().rule() == kPickleNeedsMoreBytes) return scan.error();
      verdicts.add_finding(Safety::kSuspicious, fmt::format("@{}", offset),
                           "starts like a pickle but does not decode: " + scan.error().message());
      broken = true;
      break;
    }
    const bool complete = scan->complete;
    const uint64_t end = scan->end_offset;
    verdicts.add_pickle(checkpoint, fmt::format("@{}", offset), std::move(*scan));
    ++count;
    if (!complete) {
      broken = true;
      break;
    }
    offset = end;
  }
  if (legacy) {
    if (count < 5) {
      verdicts.add_finding(
          Safety::kSuspicious, "legacy",
          fmt::format("the stream holds {} of the 5 pickles torch.save writes", count));
    }
    checkpoint.storage_bytes = broken ? 0 : size - offset;
  } else if (!broken && offset < size) {
    verdicts.add_finding(
        Safety::kSuspicious, fmt::format("@{}", offset),
        count == wanted
            ? fmt::format("more than {} pickles back to back; the rest were not scanned", wanted)
            : fmt::format("{} trailing bytes after the last pickle are not a pickle (polyglot "
                          "or appended data)",
                          size - offset));
  }
  verdicts.finish(checkpoint);
  return checkpoint;
}

std::string_view as_text(Bytes bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool compressed(Bytes bytes) {
  return pickle::looks_like_zlib(as_text(bytes)) || pickle::looks_like_gzip(as_text(bytes));
}

// joblib.dump(..., compress=N) writes one zlib (or gzip) stream around the
// pickle: inflate it (capped like a zip member) and read what is inside. Each
// compression layer counts as a nesting level, so layers cannot recurse
// without end. nullopt when the bytes do not inflate (not compressed after
// all).
std::optional<Expected<PytorchCheckpoint>> read_compressed(Bytes bytes, int depth) {
  const char* kind = pickle::looks_like_gzip(as_text(bytes)) ? "gzip" : "zlib";
  auto inflated = pickle::inflate_capped(as_text(bytes), kMaxPickleBytes);
  if (!inflated) return std::nullopt;
  if (depth + 1 > pickle::kMaxNestingDepth) {
    // Not followed, and never safe: what is inside was not read.
    PytorchCheckpoint checkpoint;
    checkpoint.container = PytorchCheckpoint::Container::kPickle;
    checkpoint.safety = Safety::kSuspicious;
    checkpoint.findings.push_back(pickle::make_finding(
        Safety::kSuspicious, fmt::format("{}: a compressed stream nested more than {} levels "
                                         "deep; not followed",
                                         kind, pickle::kMaxNestingDepth)));
    return Expected<PytorchCheckpoint>(std::move(checkpoint));
  }
  const Bytes inner(reinterpret_cast<const uint8_t*>(inflated->data.data()), inflated->data.size());
  auto checkpoint = pickle::read_pytorch_at_depth(inner, depth + 1);
  if (!checkpoint) {
    return Expected<PytorchCheckpoint>(
        Error::unsupported("", "pytorch.not-a-checkpoint",
                           fmt::format("a {} stream whose content is not a checkpoint: {}", kind,
                                       checkpoint.error().detail())));
  }
  // Name every member and finding after the stream it came out of.
  const std::string prefix = std::string(kind) + ":";
  for (auto& [name, scan] : checkpoint->pickles) name = prefix + name;
  for (std::string& finding : checkpoint->findings) {
    finding = pickle::make_finding(pickle::finding_safety(finding),
                                   prefix + std::string(pickle::finding_text(finding)));
  }
  if (!inflated->complete) {
    const bool capped = inflated->data.size() >= kMaxPickleBytes;
    checkpoint->findings.insert(
        checkpoint->findings.begin(),
        pickle::make_finding(
            Safety::kSuspicious,
            capped ? fmt::format("{}: inflates to more than {} MiB; only that much was scanned",
                                 kind, kMaxPickleBytes >> 20)
                   : fmt::format("{}: the compressed stream is broken after {} bytes", kind,
                                 inflated->data.size())));
    checkpoint->safety = std::max(checkpoint->safety, Safety::kSuspicious);
  }
  return Expected<PytorchCheckpoint>(std::move(*checkpoint));
}

Expected<PytorchCheckpoint> read_npy(Bytes bytes, int depth, const pickle::InputExtent& extent) {
  auto layout = parse_npy_header(bytes);
  if (!layout && extent.goes_on_past(bytes.size()))
    return pickle::needs_more_bytes(extent, bytes.size(), 0);
  if (!layout) return layout.error();
  PytorchCheckpoint checkpoint;
  checkpoint.container = PytorchCheckpoint::Container::kNumpy;
  Verdicts verdicts;
  const Bytes data = bytes.subspan(layout->data_offset);
  const pickle::InputExtent data_extent{extent.size - layout->data_offset, extent.need};
  auto scan = layout->object_dtype
                  ? pickle::scan_pickle_at_depth(data, layout->data_offset, depth, data_extent)
                  : Expected<PickleScan>(PickleScan{});
  if (!scan && scan.error().rule() == kPickleNeedsMoreBytes) return scan.error();
  if (!layout->object_dtype) {
    checkpoint.storage_bytes = data_extent.size;
  } else if (scan) {
    verdicts.add_pickle(checkpoint, fmt::format("@{}", layout->data_offset), std::move(*scan));
  } else {
    verdicts.add_finding(
        Safety::kSuspicious, fmt::format("@{}", layout->data_offset),
        "object array whose data is not a readable pickle: " + scan.error().message());
  }
  verdicts.finish(checkpoint);
  return checkpoint;
}

}  // namespace

void Verdicts::add_finding(Safety safety, std::string_view where, std::string_view text) {
  findings_.emplace_back(safety, fmt::format("{}: {}", where, text));
}

void Verdicts::add_pickle(PytorchCheckpoint& checkpoint, std::string name, PickleScan scan) {
  for (const std::string& finding : scan.findings) {
    add_finding(pickle::finding_safety(finding), name, pickle::finding_text(finding));
  }
  // A scan can be unsafe through an import alone; keep that in the verdict.
  if (scan.findings.empty() && scan.safety != Safety::kSafe) {
    add_finding(scan.safety, name, "unsafe pickle");
  }
  checkpoint.pickles.emplace_back(std::move(name), std::move(scan));
}

void Verdicts::finish(PytorchCheckpoint& checkpoint) {
  std::stable_sort(findings_.begin(), findings_.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  checkpoint.safety = Safety::kSafe;
  for (const auto& [name, scan] : checkpoint.pickles) {
    checkpoint.safety = std::max(checkpoint.safety, scan.safety);
  }
  for (const auto& [safety, text] : findings_) {
    checkpoint.safety = std::max(checkpoint.safety, safety);
    checkpoint.findings.push_back(pickle::make_finding(safety, text));
  }
  findings_.clear();
}

bool is_npy(Bytes bytes) {
  using namespace std::string_view_literals;
  return starts_with(bytes, "\x93NUMPY"sv);
}

Expected<NpyLayout> parse_npy_header(Bytes bytes) {
  ByteCursor cursor(bytes);
  uint8_t major = 0;
  uint8_t minor = 0;
  if (!cursor.skip(6) || !cursor.read_u8(major) || !cursor.read_u8(minor)) {
    return Error::corrupt("", 0, "numpy.truncated-header", "expected 8 bytes of magic and version");
  }
  uint64_t header_length = 0;
  if (major == 1) {
    uint16_t length = 0;
    if (!cursor.read_u16(length)) {
      return Error::corrupt("", 8, "numpy.truncated-header", "expected a 2-byte header length");
    }
    header_length = length;
  } else if (major == 2 || major == 3) {
    uint32_t length = 0;
    if (!cursor.read_u32(length)) {
      return Error::corrupt("", 8, "numpy.truncated-header", "expected a 4-byte header length");
    }
    header_length = length;
  } else {
    return Error::unsupported("", "numpy.unsupported-version",
                              fmt::format(".npy version {}.{}; versions 1-3 exist", major, minor));
  }
  std::string_view header;
  if (!cursor.read_string(header_length, header)) {
    return Error::corrupt("", cursor.offset(), "numpy.truncated-header",
                          fmt::format("header announces {} bytes, only {} remain", header_length,
                                      cursor.remaining()));
  }
  NpyLayout layout;
  layout.data_offset = cursor.offset();
  // numpy writes object fields as '|O' (also inside structured dtypes).
  layout.object_dtype = header.find("|O") != std::string_view::npos;
  return layout;
}

}  // namespace pytorch

namespace pickle {

namespace {

constexpr uint64_t kSniffBytes = 512;

}  // namespace

Expected<PytorchCheckpoint> read_pytorch_at_depth(Bytes bytes, int depth) {
  return read_pytorch_at_depth(bytes, depth, whole_input(bytes));
}

Expected<PytorchCheckpoint> read_pytorch_at_depth(Bytes bytes, int depth,
                                                  const InputExtent& extent) {
  using namespace std::string_view_literals;
  const bool goes_on = extent.goes_on_past(bytes.size());
  // Every magic owl checks (tar's sits at 257) lies in the first bytes.
  if (goes_on && bytes.size() < kSniffBytes)
    return needs_more_bytes(extent, 0, std::min(extent.size, kSniffBytes));
  if (pytorch::is_npy(bytes)) return pytorch::read_npy(bytes, depth, extent);
  if (goes_on) {
    // A zip's directory is at its end and a compressed stream is inflated
    // whole: only the whole file will do.
    const bool whole_needed = pytorch::starts_with(bytes, "PK\x03\x04"sv) ||
                              pytorch::starts_with(bytes, "PK\x05\x06"sv) ||
                              pytorch::compressed(bytes);
    if (whole_needed) return needs_more_bytes(extent, 0, extent.size);
    if (pytorch::other_container(bytes) == nullptr) {
      const auto looks = looks_like_pickle_prefix(bytes, extent);
      if (!looks) return needs_more_bytes(extent, 0, 0);
      if (*looks) return pytorch::read_pickle_stream(bytes, depth, extent);
    }
  }
  if (pytorch::starts_with(bytes, "PK\x03\x04"sv) || pytorch::starts_with(bytes, "PK\x05\x06"sv)) {
    return pytorch::read_zip(bytes, depth);
  }
  if (pytorch::compressed(bytes)) {
    if (auto inflated = pytorch::read_compressed(bytes, depth)) return std::move(*inflated);
  }
  if (const char* container = pytorch::other_container(bytes)) {
    return Error::unsupported(
        "", "pytorch.unsupported-container",
        fmt::format("{}: owl reads zip archives, torch.save streams, pickles and .npy files; "
                    "the members of this container were not scanned",
                    container));
  }
  if (looks_like_pickle(bytes)) return pytorch::read_pickle_stream(bytes, depth, extent);
  return Error::unsupported(
      "", "pytorch.not-a-checkpoint",
      fmt::format("expected a zip (PK\\x03\\x04), a pickle (PROTO 0x80 or a protocol-0 opcode) "
                  "or a .npy (\\x93NUMPY); found {}",
                  pytorch::hex_prefix(bytes)));
}

NestedScan scan_nested_payload(Bytes payload, int depth) {
  NestedScan nested;
  auto checkpoint = read_pytorch_at_depth(payload, depth);
  if (!checkpoint) {
    nested.safety = Safety::kSuspicious;
    nested.findings.push_back(make_finding(
        Safety::kSuspicious,
        "the payload is not a readable checkpoint or pickle: " + checkpoint.error().message()));
    return nested;
  }
  nested.safety = checkpoint->safety;
  nested.findings = std::move(checkpoint->findings);
  for (auto& [name, scan] : checkpoint->pickles) {
    for (PickleImport& import : scan.imports) nested.imports.push_back(std::move(import));
  }
  return nested;
}

}  // namespace pickle

PickleSites pickle_sites(const PytorchCheckpoint& checkpoint) {
  PickleSites sites;
  for (const auto& [member, scan] : checkpoint.pickles) {
    for (const PickleImport& import : scan.imports) sites.globals.emplace_back(member, import);
    for (const PickleCall& call : scan.calls) sites.calls.emplace_back(member, call);
    sites.calls_not_recorded += scan.calls_not_recorded;
  }
  return sites;
}

bool looks_like_compressed_pickle(Bytes bytes) {
  if (!pytorch::compressed(bytes)) return false;
  // The first few KiB say whether a pickle (or zip) is inside.
  const auto head = pickle::inflate_capped(pytorch::as_text(bytes), 4096);
  if (!head) return false;
  const Bytes inner(reinterpret_cast<const uint8_t*>(head->data.data()), head->data.size());
  return looks_like_pickle(inner) || pytorch::starts_with(inner, "PK\x03\x04");
}

Expected<PytorchCheckpoint> read_pytorch(Bytes bytes) {
  return pickle::read_pytorch_at_depth(bytes, 0);
}

Expected<PytorchCheckpoint> read_pytorch(Bytes prefix, uint64_t file_size, PicklePrefixNeed& need) {
  if (prefix.size() > file_size) prefix = prefix.first(static_cast<size_t>(file_size));
  return pickle::read_pytorch_at_depth(prefix, 0, pickle::InputExtent{file_size, &need});
}

}  // namespace owl
