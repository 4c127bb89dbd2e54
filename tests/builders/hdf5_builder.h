// HDF5 files built by a test in memory with libhdf5 (the core driver, no
// file on disk): string attributes on the root group, the way Keras writes
// model_config, and an optional group standing for the weights.
#pragma once

#include <gtest/gtest.h>
#include <hdf5.h>

#include <string>
#include <vector>

namespace owl::testing {

struct Hdf5Attribute {
  std::string name;
  std::string value;
  bool variable_length = false;  // h5py writes str as variable-length, bytes as fixed
};

inline std::string make_hdf5(const std::vector<Hdf5Attribute>& attributes,
                             bool with_weights_group = true) {
  const hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_core(access, 64 * 1024, 0);  // in memory, never written out
  const hid_t file = H5Fcreate("built-in-memory.h5", H5F_ACC_TRUNC, H5P_DEFAULT, access);
  EXPECT_GE(file, 0);
  for (const Hdf5Attribute& attribute : attributes) {
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, attribute.variable_length ? H5T_VARIABLE : attribute.value.size());
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t id =
        H5Acreate2(file, attribute.name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(id, 0);
    const char* text = attribute.value.c_str();
    EXPECT_GE(H5Awrite(id, type,
                       attribute.variable_length ? static_cast<const void*>(&text)
                                                 : static_cast<const void*>(text)),
              0);
    H5Aclose(id);
    H5Sclose(space);
    H5Tclose(type);
  }
  if (with_weights_group) {
    const hid_t group = H5Gcreate2(file, "model_weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(group);
  }
  H5Fflush(file, H5F_SCOPE_GLOBAL);
  const ssize_t size = H5Fget_file_image(file, nullptr, 0);
  EXPECT_GT(size, 0);
  std::string image(static_cast<size_t>(size), '\0');
  H5Fget_file_image(file, image.data(), image.size());
  H5Fclose(file);
  H5Pclose(access);
  return image;
}

// An integer attribute, where Keras would write a string.
inline std::string make_hdf5_with_integer_attribute(const std::string& name) {
  const hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_core(access, 64 * 1024, 0);
  const hid_t file = H5Fcreate("built-in-memory.h5", H5F_ACC_TRUNC, H5P_DEFAULT, access);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t id = H5Acreate2(file, name.c_str(), H5T_NATIVE_INT, space, H5P_DEFAULT, H5P_DEFAULT);
  const int value = 7;
  EXPECT_GE(H5Awrite(id, H5T_NATIVE_INT, &value), 0);
  H5Aclose(id);
  H5Sclose(space);
  H5Fflush(file, H5F_SCOPE_GLOBAL);
  const ssize_t size = H5Fget_file_image(file, nullptr, 0);
  std::string image(static_cast<size_t>(size > 0 ? size : 0), '\0');
  H5Fget_file_image(file, image.data(), image.size());
  H5Fclose(file);
  H5Pclose(access);
  return image;
}

}  // namespace owl::testing
