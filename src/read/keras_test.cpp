// The Keras readers on archives and HDF5 files built here: plain models are
// safe, Lambda layers and imports of code-running modules are dangerous,
// custom modules suspicious, and what cannot be read is never safe.
#include "owl/keras.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "builders/bytes_of.h"
#include "builders/findings.h"
#include "builders/hdf5_builder.h"
#include "builders/zip_builder.h"
#include "read/import_policy.h"

namespace owl {
namespace {

using nlohmann::json;
using testing::all_findings;
using testing::bytes_of;
using testing::has_finding;
using testing::make_zip;

json keras3_layer(const std::string& class_name, const std::string& name,
                  const std::string& module = "keras.layers") {
  return {{"module", module},
          {"class_name", class_name},
          {"config", {{"name", name}, {"trainable", true}}},
          {"registered_name", nullptr}};
}

json keras3_model(const json& layers) {
  return {{"module", "keras"},
          {"class_name", "Sequential"},
          {"config", {{"name", "sequential"}, {"layers", layers}}},
          {"registered_name", nullptr}};
}

json plain_layers() {
  json dense = keras3_layer("Dense", "dense");
  dense["config"]["units"] = 4;
  dense["config"]["activation"] = "relu";
  dense["config"]["kernel_initializer"] = {{"module", "keras.initializers"},
                                           {"class_name", "GlorotUniform"},
                                           {"config", json::object()}};
  return json::array({keras3_layer("InputLayer", "input"), dense});
}

// A Keras 3 Lambda: the lambda is serialised as marshalled bytecode.
json keras3_lambda(const std::string& name) {
  json layer = keras3_layer("Lambda", name);
  layer["config"]["function"] = {
      {"class_name", "__lambda__"},
      {"config", {{"code", "4wEAAAAAAAAAAAAAAAEAAAADAAAA8wYAAACXAHwAUwApAU6p"}}}};
  return layer;
}

std::string keras_archive(const json& config, bool encrypt_config = false) {
  return make_zip({{"metadata.json", R"({"keras_version": "3.6.0", "date_saved": "x"})", true},
                   {"config.json", config.dump(), true, encrypt_config},
                   {"model.weights.h5", std::string(64, '\0')}});
}

KerasModel read_archive(const std::string& bytes) {
  auto model = read_keras_archive(bytes_of(bytes));
  EXPECT_TRUE(model.has_value()) << (model ? "" : model.error().message());
  return model ? *model : KerasModel{};
}

KerasModel read_h5(const std::string& bytes) {
  auto model = read_keras_h5(bytes_of(bytes));
  EXPECT_TRUE(model.has_value()) << (model ? "" : model.error().message());
  return model ? *model : KerasModel{};
}

TEST(KerasPolicy, BuiltinPolicyIsValid) {
  const auto& policy = imports::keras_policy();
  for (const Error& error : policy.errors) ADD_FAILURE() << error.message();
  EXPECT_NE(imports::class_rule(policy, "Lambda"), nullptr);
}

TEST(KerasPolicy, InvalidEntriesAreReported) {
  const auto policy = imports::parse_import_policy(
      "test.yaml",
      "classes:\n"
      "  - {class_name: Lambda, verdict: dangerous, reason: code}\n"
      "  - {class_name: Lambda, verdict: dangerous, reason: twice}\n"
      "  - {class_name: X, verdict: maybe, reason: bad verdict}\n"
      "modules:\n"
      "  - {module: os, class_name: '*', verdict: dangerous}\n"
      "  - {module: keras, class_name: '*', verdict: safe, reason: ok, extra: 1}\n",
      "keras-policy");
  std::string rules;
  for (const Error& error : policy.errors) rules += error.rule() + " ";
  EXPECT_EQ(rules,
            "keras-policy.duplicate keras-policy.verdict keras-policy.missing-field "
            "keras-policy.unknown-key keras-policy.rules ");
  EXPECT_EQ(policy.classes.size(), 1u);
}

TEST(KerasPolicy, ExactEntriesWinOverTreesAndLongerTreesOverShorter) {
  EXPECT_EQ(imports::judge_module(imports::keras_policy(), "keras.layers", "Dense").safety,
            Safety::kSafe);
  EXPECT_EQ(imports::judge_module(imports::keras_policy(), "keras.config",
                                  "enable_unsafe_deserialization")
                .safety,
            Safety::kDangerous);
  EXPECT_EQ(imports::judge_module(imports::keras_policy(), "tensorflow.io.gfile", "GFile").safety,
            Safety::kDangerous);
  EXPECT_EQ(imports::judge_module(imports::keras_policy(), "tensorflow.math", "add").safety,
            Safety::kSuspicious);
  EXPECT_EQ(imports::judge_module(imports::keras_policy(), "kerasx", "Dense").safety,
            Safety::kSuspicious);
  EXPECT_NE(imports::judge_module(imports::keras_policy(), "my_project.layers", "Block")
                .why.find("not on the allowlist"),
            std::string::npos);
}

TEST(KerasArchive, PlainModelIsSafe) {
  const KerasModel model = read_archive(keras_archive(keras3_model(plain_layers())));
  EXPECT_EQ(model.container, KerasModel::Container::kKerasArchive);
  EXPECT_EQ(model.safety, Safety::kSafe) << all_findings(model);
  EXPECT_TRUE(model.findings.empty());
  EXPECT_EQ(model.model_class, "Sequential");
  EXPECT_EQ(model.layer_count, 2u);
  EXPECT_EQ(model.objects_judged, 4u);  // the model, two layers, the initializer
  EXPECT_EQ(model.keras_version, "3.6.0");
  ASSERT_EQ(model.config_sources.size(), 1u);
  EXPECT_EQ(model.config_sources[0], "config.json");
}

TEST(KerasArchive, LambdaLayerIsDangerousAndNamesItsLayer) {
  json layers = plain_layers();
  layers.push_back(keras3_lambda("evil"));
  const KerasModel model = read_archive(keras_archive(keras3_model(layers)));
  EXPECT_EQ(model.safety, Safety::kDangerous);
  ASSERT_FALSE(model.findings.empty());
  EXPECT_EQ(model.findings[0].rfind("dangerous: config.json config.layers[2] 'evil': Lambda: ", 0),
            0u)
      << all_findings(model);
  EXPECT_TRUE(has_finding(model, "config.json config.layers[2].config.function: __lambda__"))
      << all_findings(model);
}

TEST(KerasArchive, FunctionFromACodeRunningModuleIsDangerous) {
  // The CVE-2025-1550 shape: a config naming a function Keras imports and calls.
  json layers = plain_layers();
  layers[1]["config"]["activation"] = {{"module", "os"},
                                       {"class_name", "function"},
                                       {"config", "system"},
                                       {"registered_name", "system"}};
  const KerasModel model = read_archive(keras_archive(keras3_model(layers)));
  EXPECT_EQ(model.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(
      model, "dangerous: config.json config.layers[1].config.activation: imports os.system: "))
      << all_findings(model);
}

TEST(KerasArchive, SafeModeSwitchInsideKerasIsDangerous) {
  json layers = plain_layers();
  layers.push_back({{"module", "keras.config"},
                    {"class_name", "function"},
                    {"config", "enable_unsafe_deserialization"}});
  layers.push_back(keras3_lambda("after_the_switch"));
  const KerasModel model = read_archive(keras_archive(keras3_model(layers)));
  EXPECT_EQ(model.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(model, "imports keras.config.enable_unsafe_deserialization"))
      << all_findings(model);
}

TEST(KerasArchive, CustomModuleIsSuspicious) {
  json layers = plain_layers();
  layers.push_back(keras3_layer("Block", "block", "my_project.layers"));
  const KerasModel model = read_archive(keras_archive(keras3_model(layers)));
  EXPECT_EQ(model.safety, Safety::kSuspicious);
  EXPECT_TRUE(has_finding(model,
                          "suspicious: config.json config.layers[2] 'block': imports "
                          "my_project.layers.Block: not on the allowlist"))
      << all_findings(model);
}

TEST(KerasArchive, EncryptedConfigCannotBeInspected) {
  json layers = plain_layers();
  const KerasModel model = read_archive(keras_archive(keras3_model(layers), true));
  EXPECT_EQ(model.safety, Safety::kSuspicious);
  EXPECT_TRUE(
      has_finding(model, "suspicious: config.json: cannot inspect: the member is encrypted"))
      << all_findings(model);
  EXPECT_EQ(model.objects_judged, 0u);
}

TEST(KerasArchive, EncryptedWeightsMemberCannotBeInspected) {
  const std::string bytes = make_zip({{"config.json", keras3_model(plain_layers()).dump()},
                                      {"metadata.json", "{}"},
                                      {"model.weights.h5", std::string(64, 'w'), false, true}});
  const KerasModel model = read_archive(bytes);
  EXPECT_EQ(model.safety, Safety::kSuspicious);
  EXPECT_TRUE(has_finding(model, "model.weights.h5: cannot inspect: the member is encrypted"));
}

// Rewrites the compression method of every entry (local and central
// headers) to `method`.
std::string with_compression_method(std::string zip, uint16_t method) {
  for (const auto& [signature, offset] : {std::pair<std::string, size_t>{"PK\x03\x04", 8},
                                          std::pair<std::string, size_t>{"PK\x01\x02", 10}}) {
    for (size_t at = zip.find(signature); at != std::string::npos;
         at = zip.find(signature, at + 4)) {
      zip[at + offset] = static_cast<char>(method & 0xFF);
      zip[at + offset + 1] = static_cast<char>(method >> 8);
    }
  }
  return zip;
}

TEST(KerasArchive, UnknownCompressionMethodCannotBeInspected) {
  const std::string plain = make_zip({{"config.json", keras3_model(plain_layers()).dump()}});
  const KerasModel model = read_archive(with_compression_method(plain, 18));  // IBM TERSE
  EXPECT_EQ(model.safety, Safety::kSuspicious);
  EXPECT_TRUE(
      has_finding(model,
                  "config.json: cannot inspect: the member uses compression method 18, which owl "
                  "cannot decompress"))
      << all_findings(model);
}

TEST(KerasArchive, SecondConfigWithTheSameNameIsJudgedToo) {
  // Python's zipfile reads the last of two equal names, libzip's lookup the
  // first: both are judged, and the pair itself is a finding.
  json layers = plain_layers();
  layers.push_back(keras3_lambda("hidden"));
  std::string bytes = make_zip({{"config.json", keras3_model(plain_layers()).dump()},
                                {"config.jsoX", keras3_model(layers).dump()}});
  for (size_t at = bytes.find("config.jsoX"); at != std::string::npos;
       at = bytes.find("config.jsoX", at))
    bytes[at + 10] = 'n';
  const KerasModel model = read_archive(bytes);
  EXPECT_EQ(model.safety, Safety::kDangerous) << all_findings(model);
  EXPECT_TRUE(has_finding(model, "the archive holds 2 members named config.json"));
  EXPECT_TRUE(has_finding(model, "'hidden': Lambda"));
}

TEST(KerasArchive, ConfigThatIsNotJsonCannotBeInspected) {
  const KerasModel model = read_archive(make_zip({{"config.json", "{\"class_name\": "}}));
  EXPECT_EQ(model.safety, Safety::kSuspicious);
  EXPECT_TRUE(has_finding(model, "config.json: cannot inspect: the config is not valid JSON"));
}

TEST(KerasArchive, ZipWithoutConfigIsNotKeras) {
  const std::string bytes = make_zip({{"archive/data.pkl", "\x80\x02}."}});
  EXPECT_FALSE(looks_like_keras_archive(bytes_of(bytes)));
  auto model = read_keras_archive(bytes_of(bytes));
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().rule(), "keras.no-config");
  EXPECT_TRUE(looks_like_keras_archive(bytes_of(keras_archive(keras3_model(plain_layers())))));
}

// A Keras 2 (tf.keras) model_config: no modules, a Lambda holds its bytecode
// as [base64, defaults, closure].
json keras2_model(bool with_lambda) {
  json layers =
      json::array({{{"class_name", "Dense"}, {"config", {{"name", "dense"}, {"units", 4}}}}});
  if (with_lambda)
    layers.push_back({{"class_name", "Lambda"},
                      {"config",
                       {{"name", "lambda"},
                        {"function", {"4wEAAAAAAAAAAAAAAAEAAAAEAAAAQwAAAHMM", nullptr, nullptr}},
                        {"function_type", "lambda"},
                        {"module", "__main__"}}}});
  return {{"class_name", "Sequential"}, {"config", {{"name", "sequential"}, {"layers", layers}}}};
}

std::string keras2_h5(bool with_lambda, bool variable_length = false) {
  return testing::make_hdf5({{"keras_version", "2.15.0"},
                             {"backend", "tensorflow"},
                             {"model_config", keras2_model(with_lambda).dump(), variable_length}});
}

TEST(KerasH5, PlainModelIsSafe) {
  const std::string bytes = keras2_h5(false);
  EXPECT_TRUE(looks_like_hdf5(bytes_of(bytes)));
  const KerasModel model = read_h5(bytes);
  EXPECT_EQ(model.container, KerasModel::Container::kHdf5);
  EXPECT_EQ(model.safety, Safety::kSafe) << all_findings(model);
  EXPECT_EQ(model.keras_version, "2.15.0");
  EXPECT_EQ(model.backend, "tensorflow");
  EXPECT_EQ(model.model_class, "Sequential");
  EXPECT_EQ(model.layer_count, 1u);
  ASSERT_EQ(model.config_sources.size(), 1u);
  EXPECT_EQ(model.config_sources[0], "attribute model_config");
}

TEST(KerasH5, LambdaLayerIsDangerousInBothStringLayouts) {
  for (const bool variable_length : {false, true}) {
    const KerasModel model = read_h5(keras2_h5(true, variable_length));
    EXPECT_EQ(model.safety, Safety::kDangerous);
    ASSERT_FALSE(model.findings.empty());
    EXPECT_EQ(model.findings[0].rfind(
                  "dangerous: attribute model_config config.layers[1] 'lambda': Lambda: ", 0),
              0u)
        << all_findings(model);
    EXPECT_TRUE(has_finding(model, "its function is marshalled bytecode (36 base64 characters)"));
  }
}

TEST(KerasH5, TrainingConfigIsJudgedToo) {
  const json training = {
      {"loss", {{"module", "subprocess"}, {"class_name", "function"}, {"config", "run"}}}};
  const KerasModel model = read_h5(testing::make_hdf5(
      {{"model_config", keras2_model(false).dump()}, {"training_config", training.dump()}}));
  EXPECT_EQ(model.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(model, "attribute training_config loss: imports subprocess.run"))
      << all_findings(model);
}

TEST(KerasH5, WeightsOnlyFileIsSafe) {
  const KerasModel model = read_h5(testing::make_hdf5({}));
  EXPECT_EQ(model.safety, Safety::kSafe);
  EXPECT_TRUE(model.config_sources.empty());
}

TEST(KerasH5, ConfigOfTheWrongTypeCannotBeInspected) {
  const KerasModel model = read_h5(testing::make_hdf5_with_integer_attribute("model_config"));
  EXPECT_EQ(model.safety, Safety::kSuspicious);
  EXPECT_TRUE(has_finding(model,
                          "attribute model_config: cannot inspect: the attribute is not a "
                          "string"))
      << all_findings(model);
}

TEST(KerasH5, DamagedFilesAreErrorsNotCrashes) {
  const std::string whole = keras2_h5(true);
  auto not_hdf5 = read_keras_h5(bytes_of(std::string("PK\x03\x04 not hdf5")));
  ASSERT_FALSE(not_hdf5.has_value());
  EXPECT_EQ(not_hdf5.error().rule(), "keras-h5.magic");
  for (const size_t length : {size_t{8}, size_t{64}, whole.size() / 2}) {
    auto truncated = read_keras_h5(bytes_of(whole.substr(0, length)));
    if (truncated) {
      EXPECT_NE(truncated->safety, Safety::kSafe) << length;
    } else {
      EXPECT_EQ(truncated.error().rule(), "keras-h5.open") << length;
    }
  }
  std::string scrambled = whole;
  for (size_t i = 16; i < scrambled.size(); i += 7) scrambled[i] = static_cast<char>(i * 31);
  auto garbage = read_keras_h5(bytes_of(scrambled));
  if (garbage) {
    EXPECT_TRUE(garbage->config_sources.empty() || garbage->safety != Safety::kSafe);
  }
}

}  // namespace
}  // namespace owl
