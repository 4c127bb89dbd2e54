// .keras archives (Keras 3, tf.keras >= 2.13): a zip holding config.json,
// metadata.json and the weights. Only the two JSON members are read; every
// member is checked for what would keep owl from reading it.
#include <fmt/format.h>

#include <vector>

#include "read/keras_internal.h"
#include "read/untrusted_json.h"
#include "read/zip_archive.h"

namespace owl {

namespace {

using zip_archive::MemberReader;

constexpr uint64_t kMaxMetadataBytes = uint64_t{1} << 20;

struct Member {
  uint64_t index = 0;
  std::string name;
  bool readable = true;  // neither encrypted nor in a codec libzip lacks
};

// The whole member, or nullopt after a cannot-inspect finding.
std::optional<std::string> read_member(zip_t* archive, const Member& member, uint64_t cap,
                                       keras::Findings& findings) {
  MemberReader reader(archive, member.index, false);
  if (!reader.opened() || !reader.fill(cap + 1)) {
    findings.cannot_inspect(member.name, "the member cannot be read: " + reader.error());
    return std::nullopt;
  }
  if (reader.data().size() > cap) {
    findings.cannot_inspect(member.name,
                            fmt::format("the member is larger than {} bytes, owl's cap", cap));
    return std::nullopt;
  }
  if (reader.crc_mismatch())
    findings.add(Safety::kSuspicious, member.name,
                 "CRC mismatch: strict zip readers refuse this member, others load it");
  return reader.data();
}

void read_metadata(const std::string& text, KerasModel& model) {
  auto metadata = parse_untrusted_json(text, JsonLimits{}, "keras");
  if (!metadata || !metadata->is_object()) return;
  const auto version = metadata->find("keras_version");
  if (version != metadata->end() && version->is_string())
    model.keras_version = version->get<std::string>();
}

// Every member, with those owl cannot read flagged.
std::vector<Member> list_members(zip_t* archive, keras::Findings& findings) {
  std::vector<Member> members;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    Member member{static_cast<uint64_t>(i), fmt::format("entry {}", i), true};
    if (zip_stat_index(archive, member.index, 0, &stat) != 0) {
      findings.cannot_inspect(
          member.name, std::string("unreadable central directory entry: ") + zip_strerror(archive));
      continue;
    }
    if ((stat.valid & ZIP_STAT_NAME) && stat.name) member.name = stat.name;
    if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
      findings.cannot_inspect(member.name, "the member is encrypted");
      member.readable = false;
    } else if ((stat.valid & ZIP_STAT_COMP_METHOD) &&
               zip_compression_method_supported(stat.comp_method, 0) == 0) {
      findings.cannot_inspect(
          member.name,
          fmt::format("the member uses compression method {}, which owl cannot decompress",
                      stat.comp_method));
      member.readable = false;
    }
    members.push_back(std::move(member));
  }
  return members;
}

Expected<KerasModel> read_members(zip_t* archive) {
  KerasModel model;
  model.container = KerasModel::Container::kKerasArchive;
  keras::Findings findings;
  const std::vector<Member> members = list_members(archive, findings);
  std::vector<const Member*> configs;
  for (const Member& member : members) {
    if (member.name == "config.json") configs.push_back(&member);
    if (member.name == "metadata.json" && member.readable)
      if (auto text = read_member(archive, member, kMaxMetadataBytes, findings))
        read_metadata(*text, model);
  }
  if (configs.empty())
    return Error::corrupt("", std::nullopt, "keras.no-config",
                          "not a Keras archive: the zip holds no config.json");
  if (configs.size() > 1)
    findings.add(Safety::kSuspicious, "config.json",
                 fmt::format("the archive holds {} members named config.json; a loader may read "
                             "another one than a scanner (each is judged)",
                             configs.size()));
  for (const Member* config : configs) {
    if (!config->readable) continue;  // already a cannot-inspect finding
    if (auto text = read_member(archive, *config, keras::kMaxConfigBytes, findings))
      keras::judge_config(*text, config->name, model, findings);
  }
  findings.finish(model);
  return model;
}

}  // namespace

namespace keras {

Expected<KerasModel> read_opened_archive(const zip_archive::Opened& archive) {
  auto model = read_members(archive.get());
  if (auto failure = archive.failure()) return *failure;
  return model;
}

bool is_keras_archive(zip_t* zip) {
  return zip_get_num_entries(zip, 0) <= static_cast<zip_int64_t>(kMaxKerasEntries) &&
         zip_name_locate(zip, "config.json", 0) >= 0 &&
         (zip_name_locate(zip, "metadata.json", 0) >= 0 ||
          zip_name_locate(zip, "model.weights.h5", 0) >= 0);
}

}  // namespace keras

Expected<KerasModel> read_keras_archive(Bytes bytes) {
  auto archive = zip_archive::open_archive(bytes, "keras", keras::kMaxKerasEntries);
  if (!archive) return archive.error();
  return keras::read_opened_archive(*archive);
}

bool looks_like_keras_archive(Bytes bytes) {
  auto archive = zip_archive::open_archive(bytes, "keras", keras::kMaxKerasEntries);
  return archive && keras::is_keras_archive(archive->get());
}

}  // namespace owl
