// Keras model files, judged for code they make the loader run, without
// executing or importing anything.
//
// A Keras model is a config (a tree of serialised objects, each with a
// class_name, a config and, since Keras 3, the module Keras imports to find
// the class) plus weights. The config sits in `config.json` of a `.keras`
// zip archive, or in the `model_config` attribute on the root group of a
// legacy HDF5 `.h5` file. Every object in it is judged against
// data/keras/policy.yaml: a Lambda layer (marshalled Python bytecode) is
// dangerous; a module outside Keras is a custom object Keras would import,
// suspicious or, for modules that run code (os, builtins, subprocess, ...),
// dangerous. A plain model of Keras layers is safe.
//
// What cannot be read is never safe: an encrypted zip member, a compression
// method owl cannot decompress, a config over the size cap or of an
// unexpected type is a "cannot inspect" finding (suspicious). Weights are
// never read. Thread-safe (HDF5 calls are serialised inside).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"
#include "owl/safety.h"

namespace owl {

struct KerasModel {
  enum class Container {
    kKerasArchive,  // .keras: a zip with config.json, metadata.json, model.weights.h5
    kHdf5,          // legacy .h5: attributes model_config / training_config
  } container = Container::kKerasArchive;
  // Where the config was read: "config.json", "attribute model_config".
  // Empty when the file holds no model config (an HDF5 of weights only).
  std::vector<std::string> config_sources;
  std::optional<std::string> keras_version;
  std::optional<std::string> backend;
  std::optional<std::string> model_class;  // the top object's class_name
  uint64_t layer_count = 0;                // layers of the top model's config
  uint64_t objects_judged = 0;             // serialised objects seen in every config
  Safety safety = Safety::kSafe;
  // "<safety>: <where>: <why>", worst first; <where> is the member or
  // attribute then the object's path ("config.json config.layers[2]
  // 'lambda'"). Cannot-inspect findings say "cannot inspect".
  std::vector<std::string> findings;
};

// A .keras archive (`bytes` is the whole file). Errors: "keras.bad-zip",
// "keras.too-many-entries", "keras.no-config" (a zip without config.json).
Expected<KerasModel> read_keras_archive(Bytes bytes);

// A legacy Keras HDF5 file, opened read-only from `bytes` (no copy, no
// external links followed; only root attributes are read). Errors:
// "keras-h5.magic" (no HDF5 signature), "keras-h5.open" (HDF5 refuses the
// file).
Expected<KerasModel> read_keras_h5(Bytes bytes);

// True when `bytes` carry the HDF5 signature at offset 0 (or after a user
// block of 512, 1024 or 2048 bytes).
bool looks_like_hdf5(Bytes bytes);

// True when the zip in `bytes` holds a top-level config.json together with
// metadata.json or model.weights.h5 (the .keras layout).
bool looks_like_keras_archive(Bytes bytes);

}  // namespace owl
