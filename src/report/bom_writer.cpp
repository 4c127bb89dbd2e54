// BomWriter's factory, the whole-vector BOMs as that writer into a string,
// and the reproducible serial number of a streamed BOM.
#include <sstream>

#include "bom_common.h"
#include "owl/bom.h"

namespace owl {

namespace {

constexpr std::string_view kZeroSerial = "00000000-0000-0000-0000-000000000000";

// Passes text on in pieces with every `from` replaced by `to`, also where
// `from` spans two pieces (the last from.size() - 1 bytes wait for the next).
class Replacing {
 public:
  Replacing(std::string_view from, std::string_view to, std::function<void(std::string_view)> sink)
      : from_(from), to_(to), sink_(std::move(sink)) {}

  void write(std::string_view piece) {
    pending_.append(piece);
    size_t at = 0;
    for (size_t found = pending_.find(from_); found != std::string::npos;
         found = pending_.find(from_, at)) {
      sink_(std::string_view(pending_).substr(at, found - at));
      sink_(to_);
      at = found + from_.size();
    }
    const size_t keep = std::min(pending_.size() - at, from_.size() - 1);
    sink_(std::string_view(pending_).substr(at, pending_.size() - at - keep));
    pending_.erase(0, pending_.size() - keep);
  }
  void finish() {
    sink_(pending_);
    pending_.clear();
  }

 private:
  std::string_view from_, to_;
  std::function<void(std::string_view)> sink_;
  std::string pending_;
};

// What `format` gives for the whole vector: the streaming writer into a
// string, over a name index of the audits themselves.
std::string whole_bom(BomFormat format, const std::vector<ReleaseAudit>& audits,
                      const BomOptions& options) {
  ReleaseNameIndex names(ReleaseNameIndex::KeepNames::kYes);
  for (const auto& audit : audits) names.add(audit.release.name);
  names.seal();
  std::ostringstream out;
  const auto writer = BomWriter::create(format, out, names, options);
  for (const auto& audit : audits) writer->add(audit);
  // A spill file that cannot be made would leave the closing lists short;
  // `owl bom` reports it, and these are for tests and small sets.
  (void)writer->finish();
  return out.str();
}

}  // namespace

std::unique_ptr<BomWriter> BomWriter::create(BomFormat format, std::ostream& out,
                                             const ReleaseNameIndex& names,
                                             const BomOptions& options,
                                             std::function<bool(size_t)> is_missing) {
  if (format == BomFormat::kSpdx)
    return make_spdx_writer(out, names, options, std::move(is_missing));
  return make_cyclonedx_writer(out, names, options, std::move(is_missing));
}

Status copy_with_reproducible_serial(SpillBuffer& document, std::string_view placeholder,
                                     std::ostream& out) {
  bom_detail::Sha256 hash;
  Replacing zeroed(placeholder, kZeroSerial, [&](std::string_view piece) { hash.update(piece); });
  if (auto read = document.read([&](std::string_view chunk) { zeroed.write(chunk); }); !read)
    return read;
  zeroed.finish();
  const std::string serial = bom_detail::uuid_from_sha256(hash.hex());
  Replacing serialised(placeholder, serial, [&](std::string_view piece) {
    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
  });
  if (auto read = document.read([&](std::string_view chunk) { serialised.write(chunk); }); !read)
    return read;
  serialised.finish();
  return Ok{};
}

std::string cyclonedx_json(const std::vector<ReleaseAudit>& audits, const BomOptions& options) {
  return whole_bom(BomFormat::kCycloneDx, audits, options);
}

std::string spdx_json(const std::vector<ReleaseAudit>& audits, const BomOptions& options) {
  return whole_bom(BomFormat::kSpdx, audits, options);
}

}  // namespace owl
