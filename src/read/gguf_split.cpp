// Split GGUF sets: the shards gguf-split writes (NAME-00001-of-00003.gguf)
// are one model, loadable only whole. Grouped by the name before the shard
// number, checked against the split keys each shard's header carries (read
// by weights_reader.cpp; no tensor data is read).
#include <fmt/format.h>

#include <charconv>
#include <map>
#include <set>
#include <string_view>

#include "artifact_readers.h"

namespace owl::detail {

namespace {

// More shards than any real set has (gguf-split numbers them in 5 digits);
// past it a name is not read as a shard, so a claimed 99999 costs nothing.
constexpr uint64_t kMaxShards = 9999;

struct ShardName {
  std::string set;      // "dir/NAME" + ".gguf": the set the shard belongs to
  uint64_t number = 0;  // 1-based, from the name
  uint64_t total = 0;
  uint64_t digits = 5;
};

std::optional<uint64_t> decimal(std::string_view text) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "NAME-00002-of-00003.gguf" -> {NAME.gguf, 2, 3}; 3 to 6 digits each.
std::optional<ShardName> shard_name(const std::string& path) {
  constexpr std::string_view kExtension = ".gguf";
  if (!path.ends_with(kExtension)) return std::nullopt;
  const std::string_view stem(path.data(), path.size() - kExtension.size());
  const size_t of = stem.rfind("-of-");
  if (of == std::string_view::npos) return std::nullopt;
  const std::string_view total_text = stem.substr(of + 4);
  const size_t dash = stem.rfind('-', of == 0 ? 0 : of - 1);
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  const std::string_view number_text = stem.substr(dash + 1, of - dash - 1);
  const auto digits_ok = [](std::string_view text) {
    return text.size() >= 3 && text.size() <= 6 &&
           text.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (!digits_ok(total_text) || !digits_ok(number_text)) return std::nullopt;
  ShardName name{std::string(stem.substr(0, dash)) + std::string(kExtension), *decimal(number_text),
                 *decimal(total_text), number_text.size()};
  if (name.total == 0 || name.total > kMaxShards || name.number == 0 || name.number > name.total)
    return std::nullopt;
  return name;
}

std::string shard_file(const ShardName& set, uint64_t number) {
  const std::string stem = set.set.substr(0, set.set.size() - 5);
  return fmt::format("{}-{:0{}}-of-{:0{}}.gguf", stem, number, set.digits, set.total, set.digits);
}

struct Member {
  ShardName name;
  const GgufShardFile* file = nullptr;
  Artifact* artifact = nullptr;
};

class SetChecker {
 public:
  SetChecker(const std::string& set, std::vector<Member> members, Release& release)
      : set_(set), members_(std::move(members)), release_(release) {}

  void run() {
    const uint64_t total = members_.front().name.total;
    std::map<uint64_t, const Member*> by_number;
    for (const auto& member : members_) {
      if (member.name.total != total)
        problem(member, "gguf-split.count-mismatch",
                fmt::format("its name says {} shards, another shard's name says {}",
                            member.name.total, total));
      by_number.emplace(member.name.number, &member);
    }
    const Member& any = *by_number.begin()->second;
    for (uint64_t number = 1; number <= total; ++number)
      if (!by_number.count(number))
        problem(any, "gguf-split.missing-shard",
                fmt::format("{} is missing: {} of {} shards present, and a split GGUF loads "
                            "only whole",
                            shard_file(any.name, number), by_number.size(), total));
    for (const auto& [number, member] : by_number) check_keys(*member, total);
    check_tensors(by_number, total);
    for (const auto& [number, member] : by_number)
      member->artifact->notes.push_back(
          fmt::format("split GGUF: shard {} of {} of {} ({} of {} "
                      "present)",
                      number, total, set_, by_number.size(), total));
  }

 private:
  void problem(const Member& member, std::string rule, std::string detail) {
    release_.problems.push_back(
        Error::corrupt(member.artifact->path, std::nullopt, std::move(rule), std::move(detail)));
  }

  // split.count and split.no against the name the shard carries.
  void check_keys(const Member& member, uint64_t total) {
    const auto& keys = member.file->keys;
    if (!keys) return;  // a pointer or a file that did not read: nothing to compare
    if (!keys->count) {
      problem(member, "gguf-split.no-split-keys",
              fmt::format("named shard {} of {} but carries no split.count key", member.name.number,
                          total));
      return;
    }
    if (*keys->count != total)
      problem(member, "gguf-split.count-mismatch",
              fmt::format("key split.count is {}, its name says {} shards", *keys->count, total));
    if (!keys->number || *keys->number + 1 != member.name.number)
      problem(member, "gguf-split.number-mismatch",
              keys->number
                  ? fmt::format("key split.no is {} (shard {}), its name says shard {}",
                                *keys->number, *keys->number + 1, member.name.number)
                  : fmt::format("named shard {} but carries no split.no key", member.name.number));
  }

  // Over the shards that were read: no tensor twice, one architecture, and
  // (when every shard was read) the first shard's split.tensors.count.
  void check_tensors(const std::map<uint64_t, const Member*>& by_number, uint64_t total) {
    std::set<std::string_view> names;
    uint64_t tensors = 0, read = 0;
    std::optional<std::string> architecture;
    for (const auto& [number, member] : by_number) {
      const auto& keys = member->file->keys;
      if (!keys) continue;
      ++read;
      tensors += keys->tensor_names.size();
      for (const auto& name : keys->tensor_names)
        if (!names.insert(name).second) {
          problem(*member, "gguf-split.duplicate-tensor",
                  fmt::format("tensor '{}' is also in an earlier shard of the set",
                              name.substr(0, 120)));
          break;
        }
      if (keys->architecture && architecture && *keys->architecture != *architecture)
        problem(*member, "gguf-split.architecture-mismatch",
                fmt::format("general.architecture is '{}', an earlier shard says '{}'",
                            keys->architecture->substr(0, 80), architecture->substr(0, 80)));
      if (!architecture) architecture = keys->architecture;
    }
    const auto first = by_number.find(1);
    if (first == by_number.end() || !first->second->file->keys || read != total) return;
    const auto& claimed = first->second->file->keys->tensors_count;
    if (claimed && *claimed != tensors)
      problem(*first->second, "gguf-split.tensor-total-mismatch",
              fmt::format("key split.tensors.count is {}, the {} shards hold {} tensors", *claimed,
                          total, tensors));
  }

  std::string set_;
  std::vector<Member> members_;
  Release& release_;
};

}  // namespace

void check_gguf_splits(const std::vector<GgufShardFile>& shards, Release& release) {
  std::map<std::string, std::vector<Member>> sets;
  for (const auto& shard : shards) {
    Artifact& artifact = release.artifacts[shard.artifact];
    if (auto name = shard_name(canonical_name(artifact.path))) {
      sets[name->set].push_back({*name, &shard, &artifact});
      continue;
    }
    // Split keys on a file not named as a shard: its siblings cannot be
    // found by name, so the set cannot be checked or loaded.
    if (shard.keys && shard.keys->count && *shard.keys->count > 1)
      release.problems.push_back(Error::corrupt(
          artifact.path, std::nullopt, "gguf-split.unnamed-shard",
          fmt::format("carries split.count {} but its name is not NAME-NNNNN-of-NNNNN.gguf, so "
                      "the other shards of its set cannot be found",
                      *shard.keys->count)));
  }
  for (auto& [set, members] : sets) SetChecker(set, std::move(members), release).run();
}

}  // namespace owl::detail
