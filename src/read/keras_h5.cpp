// Legacy Keras .h5 files, read with libhdf5 from the caller's bytes: the
// image is opened read-only without a copy, HDF5's error printing is off,
// and only string attributes on the root group are read (model_config,
// training_config, keras_version, backend), so no link is ever followed and
// no dataset is touched. HDF5 calls are serialised by one mutex: the library
// keeps global state and has a history of faults on malformed files, so the
// signature is checked first and every size is capped before a read.
#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>

#include "read/keras_internal.h"

// libhdf5_hl 1.10 (Debian 12) keeps the 72-byte bookkeeping record of a
// no-copy file image after the file is closed: a leak in the library, once
// per opened file, that owl cannot free. LeakSanitizer (the asan preset, the
// fuzz targets) asks every binary that links owl for its suppressions here;
// without a sanitizer the function is never called.
extern "C" const char* __lsan_default_suppressions() { return "leak:H5LTopen_file_image\n"; }

namespace owl {

namespace {

constexpr std::array<uint8_t, 8> kHdf5Signature = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
// HDF5 looks for the superblock at 0 and after a user block of 512 bytes
// or any larger power of two; these are the ones writers use.
constexpr std::array<size_t, 4> kSignatureOffsets = {0, 512, 1024, 2048};
constexpr uint64_t kMaxVersionBytes = 256;

std::mutex& hdf5_mutex() {
  static std::mutex mutex;
  return mutex;
}

// One HDF5 identifier, closed with its own close function.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

struct AttributeText {
  enum class State { kAbsent, kText, kUnreadable } state = State::kAbsent;
  std::string text;  // kText: the string; kUnreadable: why
};

AttributeText unreadable(std::string why) {
  return {AttributeText::State::kUnreadable, std::move(why)};
}

AttributeText read_variable_string(hid_t attribute, uint64_t cap) {
  Handle memory_type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!memory_type.valid() || H5Tset_size(memory_type.get(), H5T_VARIABLE) < 0)
    return unreadable("HDF5 cannot describe a variable-length string");
  char* text = nullptr;
  if (H5Aread(attribute, memory_type.get(), &text) < 0 || text == nullptr)
    return unreadable("HDF5 cannot read the string");
  const size_t length = strnlen(text, cap + 1);
  std::string result(text, std::min<size_t>(length, cap));
  H5free_memory(text);
  if (length > cap) return unreadable(fmt::format("the string is longer than {} bytes", cap));
  return {AttributeText::State::kText, std::move(result)};
}

AttributeText read_fixed_string(hid_t attribute, hid_t file_type, uint64_t cap) {
  const size_t size = H5Tget_size(file_type);
  if (size == 0) return unreadable("the string type has no size");
  if (size > cap) return unreadable(fmt::format("the string is {} bytes, over {}", size, cap));
  Handle memory_type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!memory_type.valid() || H5Tset_size(memory_type.get(), size) < 0)
    return unreadable("HDF5 cannot describe the string");
  std::string buffer(size, '\0');
  if (H5Aread(attribute, memory_type.get(), buffer.data()) < 0)
    return unreadable("HDF5 cannot read the string");
  buffer.resize(strnlen(buffer.data(), size));
  return {AttributeText::State::kText, std::move(buffer)};
}

// A string attribute of one element on `object`, capped at `cap` bytes.
AttributeText read_string_attribute(hid_t object, const char* name, uint64_t cap) {
  const htri_t exists = H5Aexists(object, name);
  if (exists == 0) return {};
  if (exists < 0) return unreadable("HDF5 cannot list the root group's attributes");
  Handle attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  if (!attribute.valid()) return unreadable("HDF5 cannot open the attribute");
  Handle type(H5Aget_type(attribute.get()), H5Tclose);
  Handle space(H5Aget_space(attribute.get()), H5Sclose);
  if (!type.valid() || !space.valid()) return unreadable("HDF5 cannot read the attribute's type");
  if (H5Tget_class(type.get()) != H5T_STRING)
    return unreadable("the attribute is not a string, so the config it should hold is unknown");
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    return unreadable("the attribute holds more or fewer than one string");
  const htri_t variable = H5Tis_variable_str(type.get());
  if (variable < 0) return unreadable("HDF5 cannot tell the string's layout");
  return variable > 0 ? read_variable_string(attribute.get(), cap)
                      : read_fixed_string(attribute.get(), type.get(), cap);
}

void read_attributes(hid_t root, KerasModel& model, keras::Findings& findings) {
  for (const char* name : {"keras_version", "backend"}) {
    AttributeText value = read_string_attribute(root, name, kMaxVersionBytes);
    if (value.state != AttributeText::State::kText) continue;
    (std::strcmp(name, "backend") == 0 ? model.backend : model.keras_version) =
        std::move(value.text);
  }
  for (const char* name : {"model_config", "training_config"}) {
    const std::string source = std::string("attribute ") + name;
    AttributeText config = read_string_attribute(root, name, keras::kMaxConfigBytes);
    if (config.state == AttributeText::State::kUnreadable)
      findings.cannot_inspect(source, config.text);
    else if (config.state == AttributeText::State::kText)
      keras::judge_config(config.text, source, model, findings);
  }
}

}  // namespace

bool looks_like_hdf5(Bytes bytes) {
  return std::any_of(kSignatureOffsets.begin(), kSignatureOffsets.end(), [&](size_t offset) {
    return bytes.size() >= offset + kHdf5Signature.size() &&
           std::equal(kHdf5Signature.begin(), kHdf5Signature.end(), bytes.begin() + offset);
  });
}

Expected<KerasModel> read_keras_h5(Bytes bytes) {
  if (!looks_like_hdf5(bytes))
    return Error::corrupt("", 0, "keras-h5.magic",
                          "not an HDF5 file: no signature at byte 0, 512, 1024 or 2048");
  KerasModel model;
  model.container = KerasModel::Container::kHdf5;
  keras::Findings findings;
  {
    const std::lock_guard<std::mutex> lock(hdf5_mutex());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    // Read-only (no H5LT_FILE_IMAGE_OPEN_RW) and without a copy: HDF5 reads
    // the caller's mapping in place and never frees it.
    Handle file(H5LTopen_file_image(const_cast<uint8_t*>(bytes.data()), bytes.size(),
                                    H5LT_FILE_IMAGE_DONT_COPY | H5LT_FILE_IMAGE_DONT_RELEASE),
                H5Fclose);
    if (!file.valid())
      return Error::corrupt("", std::nullopt, "keras-h5.open",
                            "libhdf5 cannot open the file (a damaged or truncated HDF5 file)");
    Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose);
    if (!root.valid())
      return Error::corrupt("", std::nullopt, "keras-h5.open",
                            "libhdf5 cannot open the root group");
    read_attributes(root.get(), model, findings);
  }
  findings.finish(model);
  return model;
}

}  // namespace owl
