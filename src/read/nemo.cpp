// .nemo archives: the tar is listed by the bounded header reader
// (tar_reader.cpp), configs are read with yaml-cpp and their `_target_`
// entries judged against data/nemo/policy.yaml, and checkpoints go through
// read_pytorch over their bytes in place (a gzip'd archive is inflated
// first, capped).
#include "owl/nemo.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "read/import_policy.h"
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

class NemoReader {
 public:
  NemoReader(Bytes tar, NemoArchive& archive) : tar_(tar), archive_(archive) {}

  void read() {
    const tar::Listing listing = tar::list_members(tar_);
    for (const std::string& fault : listing.faults)
      add(Safety::kSuspicious, "tar", "cannot inspect: " + fault);
    archive_.member_count = listing.members.size();
    for (const tar::Member& member : listing.members) read_member(member);
  }

  void finish() { archive_.safety = pickle::write_findings(findings_, archive_.findings); }

  void add(Safety safety, std::string_view where, std::string_view text) {
    findings_.emplace_back(safety, fmt::format("{}: {}", where, text));
  }

 private:
  void read_member(const tar::Member& member) {
    if (escapes_folder(member.name))
      add(Safety::kDangerous, member.name,
          "the name leads outside the folder NeMo extracts into, so extracting writes there");
    if (member.type == '1' || member.type == '2') {
      add(escapes_folder(member.link) ? Safety::kDangerous : Safety::kSuspicious, member.name,
          fmt::format("a {} link to {}: extraction follows it",
                      member.type == '2' ? "symbolic" : "hard", member.link));
      return;
    }
    if (member.type != '0' && member.type != '7') return;  // folders, devices: no content
    const Bytes data =
        tar_.subspan(static_cast<size_t>(member.offset), static_cast<size_t>(member.size));
    if (ends_with(member.name, ".yaml") || ends_with(member.name, ".yml"))
      read_config(member.name, data);
    else if (data.size() >= 4 &&
             (std::equal(data.begin(), data.begin() + 4, "PK\x03\x04") || looks_like_pickle(data)))
      read_checkpoint(member.name, data);
  }

  void read_checkpoint(const std::string& name, Bytes data) {
    auto checkpoint = read_pytorch(data);
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

  void read_config(const std::string& name, Bytes data) {
    archive_.config_members.push_back(name);
    if (data.size() > kMaxConfigBytes) {
      add(Safety::kSuspicious, name,
          fmt::format("cannot inspect: the config is larger than {} bytes", kMaxConfigBytes));
      return;
    }
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

  Bytes tar_;
  NemoArchive& archive_;
  std::vector<std::pair<Safety, std::string>> findings_;
  std::set<std::string> targets_seen_;
};

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
  if (!tar::looks_like_tar(tar))
    return Error::corrupt("", 0, "nemo.not-a-tar",
                          "not a NeMo archive: no tar header (magic 'ustar' at byte 257)");
  NemoReader reader(tar, archive);
  if (cut)
    reader.add(Safety::kSuspicious, "gzip",
               fmt::format("cannot inspect: only the first {} MiB were inflated (or the stream "
                           "breaks there); members past it are not scanned",
                           kMaxInflatedBytes >> 20));
  reader.read();
  reader.finish();
  return archive;
}

}  // namespace owl
