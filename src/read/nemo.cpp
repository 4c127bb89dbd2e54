// .nemo archives: the tar is listed by the bounded header reader
// (tar_reader.cpp), configs are read with yaml-cpp and their `_target_`
// entries judged against data/nemo/policy.yaml, and checkpoints go through
// read_pytorch over their bytes in place (a gzip'd archive is inflated
// first, capped).
#include "owl/nemo.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <set>

#include "read/import_policy.h"
#include "read/nemo_internal.h"
#include "read/pickle_decode.h"
#include "read/pickle_internal.h"
#include "read/tar_reader.h"

namespace owl {

namespace {

constexpr uint64_t kMaxInflatedBytes = uint64_t{256} << 20;
constexpr uint64_t kMaxConfigBytes = uint64_t{16} << 20;
constexpr uint64_t kMaxYamlNodes = 1'000'000;
constexpr size_t kMaxTargets = 4096;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A name that tarfile.extractall would write outside the target folder.
bool escapes_folder(std::string_view name) {
  if (name.starts_with("/") || name.starts_with("\\")) return true;
  size_t at = 0;
  while (at <= name.size()) {
    const size_t end = std::min(name.find_first_of("/\\", at), name.size());
    if (name.substr(at, end - at) == "..") return true;
    at = end + 1;
  }
  return false;
}

// The tar at hand as one span; checkpoints are read in place.
class SpanTar final : public nemo::TarBytes {
 public:
  explicit SpanTar(Bytes bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  Expected<Bytes> read(uint64_t offset, uint64_t length) override {
    return bytes_.subspan(static_cast<size_t>(offset), static_cast<size_t>(length));
  }
  std::optional<Expected<PytorchCheckpoint>> read_checkpoint(uint64_t offset,
                                                             uint64_t size) override {
    const Bytes data = bytes_.subspan(static_cast<size_t>(offset), static_cast<size_t>(size));
    if (data.size() >= 4 &&
        (std::equal(data.begin(), data.begin() + 4, "PK\x03\x04") || looks_like_pickle(data)))
      return read_pytorch(data);
    return std::nullopt;
  }

 private:
  Bytes bytes_;
};

class NemoReader {
 public:
  NemoReader(nemo::TarBytes& tar, NemoArchive& archive) : tar_(tar), archive_(archive) {}

  // Fails only when the tar's bytes cannot be fetched.
  Status read() {
    auto listing = tar::list_members(
        tar_.size(), [&](uint64_t offset, uint64_t length) { return tar_.read(offset, length); });
    if (!listing) return listing.error();
    for (const std::string& fault : listing->faults)
      add(Safety::kSuspicious, "tar", "cannot inspect: " + fault);
    archive_.member_count = listing->members.size();
    for (const tar::Member& member : listing->members) {
      if (auto read = read_member(member); !read) return read.error();
    }
    return Ok{};
  }

  void finish() { archive_.safety = pickle::write_findings(findings_, archive_.findings); }

  void add(Safety safety, std::string_view where, std::string_view text) {
    findings_.emplace_back(safety, fmt::format("{}: {}", where, text));
  }

 private:
  Status read_member(const tar::Member& member) {
    if (escapes_folder(member.name))
      add(Safety::kDangerous, member.name,
          "the name leads outside the folder NeMo extracts into, so extracting writes there");
    if (member.type == '1' || member.type == '2') {
      add(escapes_folder(member.link) ? Safety::kDangerous : Safety::kSuspicious, member.name,
          fmt::format("a {} link to {}: extraction follows it",
                      member.type == '2' ? "symbolic" : "hard", member.link));
      return Ok{};
    }
    if (member.type != '0' && member.type != '7') return Ok{};  // folders, devices: no content
    if (ends_with(member.name, ".yaml") || ends_with(member.name, ".yml"))
      return read_config(member);
    auto checkpoint = tar_.read_checkpoint(member.offset, member.size);
    if (auto failed = tar_.failure()) return *failed;
    if (checkpoint) read_checkpoint(member.name, std::move(*checkpoint));
    return Ok{};
  }

  void read_checkpoint(const std::string& name, Expected<PytorchCheckpoint> checkpoint) {
    if (!checkpoint) {
      add(Safety::kSuspicious, name,
          "cannot inspect: the checkpoint does not parse: " + checkpoint.error().message());
      return;
    }
    for (const std::string& finding : checkpoint->findings)
      add(pickle::finding_safety(finding), name, pickle::finding_text(finding));
    if (checkpoint->findings.empty() && checkpoint->safety != Safety::kSafe)
      add(checkpoint->safety, name, "unsafe pickle");
    archive_.checkpoints.emplace_back(name, std::move(*checkpoint));
  }

  Status read_config(const tar::Member& member) {
    const std::string& name = member.name;
    archive_.config_members.push_back(name);
    if (member.size > kMaxConfigBytes) {
      add(Safety::kSuspicious, name,
          fmt::format("cannot inspect: the config is larger than {} bytes", kMaxConfigBytes));
      return Ok{};
    }
    auto read = tar_.read(member.offset, member.size);
    if (!read) return read.error();
    parse_config(name, *read);
    return Ok{};
  }

  void parse_config(const std::string& name, Bytes data) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(reinterpret_cast<const char*>(data.data()), data.size()));
    } catch (const YAML::Exception& e) {
      add(Safety::kSuspicious, name,
          std::string("cannot inspect: the YAML does not parse: ") + e.what());
      return;
    }
    uint64_t nodes = 0;
    std::string path;
    walk(name, root, path, nodes);
    if (nodes > kMaxYamlNodes)
      add(Safety::kSuspicious, name,
          fmt::format("cannot inspect: more than {} YAML nodes (aliases included)", kMaxYamlNodes));
  }

  // Visits every node, aliases included, up to kMaxYamlNodes.
  void walk(const std::string& member, const YAML::Node& node, std::string& path, uint64_t& nodes) {
    if (++nodes > kMaxYamlNodes) return;
    if (node.IsMap()) {
      for (const auto& item : node) {
        const std::string key = item.first.IsScalar() ? item.first.Scalar() : "?";
        if (key == "_target_") judge_target(member, path, item.second);
        const size_t length = path.size();
        path += path.empty() ? key : "." + key;
        walk(member, item.second, path, nodes);
        path.resize(length);
      }
    } else if (node.IsSequence()) {
      for (size_t i = 0; i < node.size(); ++i) {
        const size_t length = path.size();
        path += fmt::format("[{}]", i);
        walk(member, node[i], path, nodes);
        path.resize(length);
      }
    }
  }

  void judge_target(const std::string& member, const std::string& path, const YAML::Node& value) {
    const std::string where = member + (path.empty() ? "" : " " + path) + " _target_";
    if (!value.IsScalar()) {
      add(Safety::kSuspicious, where, "cannot inspect: _target_ is not a plain name");
      return;
    }
    const std::string target = value.Scalar();
    if (targets_seen_.insert(target).second && archive_.targets.size() < kMaxTargets)
      archive_.targets.push_back(target);
    const size_t dot = target.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == target.size()) {
      add(Safety::kSuspicious, where,
          fmt::format("{}: not a module.name path, so owl cannot tell what Hydra imports", target));
      return;
    }
    const imports::Judgement judgement =
        imports::judge_module(imports::nemo_policy(), std::string_view(target).substr(0, dot),
                              std::string_view(target).substr(dot + 1));
    if (judgement.safety != Safety::kSafe)
      add(judgement.safety, where, fmt::format("Hydra instantiates {}: {}", target, judgement.why));
  }

  nemo::TarBytes& tar_;
  NemoArchive& archive_;
  std::vector<std::pair<Safety, std::string>> findings_;
  std::set<std::string> targets_seen_;
};

Error not_a_tar() {
  return Error::corrupt("", 0, "nemo.not-a-tar",
                        "not a NeMo archive: no tar header (magic 'ustar' at byte 257)");
}

}  // namespace

bool looks_like_nemo_tar(Bytes bytes) { return tar::looks_like_tar(bytes); }

Expected<NemoArchive> read_nemo(Bytes bytes) {
  NemoArchive archive;
  const std::string_view raw(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::string inflated;
  Bytes tar = bytes;
  bool cut = false;
  if (pickle::looks_like_gzip(raw)) {
    auto result = pickle::inflate_capped(raw, kMaxInflatedBytes);
    if (!result)
      return Error::corrupt("", 0, "nemo.not-a-tar", "a gzip stream that does not inflate");
    archive.gzip = true;
    cut = !result->complete;
    inflated = std::move(result->data);
    tar = Bytes(reinterpret_cast<const uint8_t*>(inflated.data()), inflated.size());
  }
  if (!tar::looks_like_tar(tar)) return not_a_tar();
  SpanTar span(tar);
  NemoReader reader(span, archive);
  if (cut)
    reader.add(Safety::kSuspicious, "gzip",
               fmt::format("cannot inspect: only the first {} MiB were inflated (or the stream "
                           "breaks there); members past it are not scanned",
                           kMaxInflatedBytes >> 20));
  (void)reader.read();  // reads of a span never fail
  reader.finish();
  return archive;
}

Expected<NemoArchive> nemo::read_nemo_tar(TarBytes& tar) {
  auto head = tar.read(0, std::min<uint64_t>(tar.size(), 512));
  if (!head) return head.error();
  if (!tar::looks_like_tar(*head)) return not_a_tar();
  NemoArchive archive;
  NemoReader reader(tar, archive);
  if (auto read = reader.read(); !read) return read.error();
  reader.finish();
  return archive;
}

}  // namespace owl
