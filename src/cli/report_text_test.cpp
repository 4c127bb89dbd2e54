// End-to-end: what a person reads on a terminal. Text from a release is
// escaped in every text output, every report fits the width, and the
// summary, progress and explain behaviours.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "builders/gguf_builder.h"
#include "owl/knowledge.h"
#include "owl/text.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::corpus;
using testing::run_owl;

std::string card(const std::string& name) {
  return corpus("model-cards/hf-readme-2024/" + name).string();
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// A card, a licence file, a GGUF key and a file name that try to clear the
// screen and paint a green verdict.
constexpr const char* kAttack = "\x1b[2J\x1b[H\x1b[32mALLOWED\x1b[0m\r";
constexpr const char* kAttackShown = "\\x1b[2J\\x1b[H\\x1b[32mALLOWED\\x1b[0m\\r";

void expect_escaped(const testing::CommandResult& result, const std::string& what) {
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << what << "\n" << result.out;
  EXPECT_EQ(result.err.find('\x1b'), std::string::npos) << what << "\n" << result.err;
  EXPECT_EQ(result.out.find('\r'), std::string::npos) << what;
  EXPECT_EQ(result.err.find('\r'), std::string::npos) << what;
}

TEST(OwlTerminalText, CardControlSequencesAreEscaped) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "README.md",
                      "---\nlicense: other\nlicense_name: \"\\e[2J\\e[H\\e[32mALLOWED\\e[0m\\r\"\n"
                      "base_model: \"evil/\\e]0;title\\a\"\nextra_gated_prompt: \"\\e[31mNO\"\n"
                      "---\n# Evil\n\nLicense: \x1b[32mALLOWED\x1b[0m\n");
  testing::write_file(dir.path() / "LICENSE", std::string("Permission ") + kAttack + "\n");
  auto scan = run_owl("scan " + quoted(dir.path()));
  expect_escaped(scan, "scan");
  EXPECT_NE(scan.out.find(kAttackShown), std::string::npos) << scan.out;
  EXPECT_NE(scan.out.find("evil/\\x1b]0;title\\x07"), std::string::npos) << scan.out;
  for (const char* command : {"scan --summary ", "identify ", "bom "}) {
    const std::string target =
        std::string(command) == "identify " ? quoted(dir.path() / "LICENSE") : quoted(dir.path());
    expect_escaped(run_owl(std::string(command) + target), command);
  }
  expect_escaped(run_owl("census " + quoted(dir.path())), "census");
}

TEST(OwlTerminalText, GgufKeyControlSequencesAreEscaped) {
  testing::TempDir dir;
  const auto gguf = dir.path() / "model.gguf";
  testing::write_file(gguf, testing::GgufBuilder()
                                .kv_string("general.architecture", "llama")
                                .kv_string(std::string("evil.key") + kAttack, "x")
                                .kv_string("general.license", std::string("mit") + kAttack)
                                .build());
  auto inspect = run_owl("inspect " + quoted(gguf));
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  expect_escaped(inspect, "inspect");
  EXPECT_NE(inspect.out.find(std::string("evil.key") + kAttackShown), std::string::npos)
      << inspect.out;
  auto scan = run_owl("scan " + quoted(gguf));
  expect_escaped(scan, "scan");
  EXPECT_NE(scan.out.find(std::string("mit") + kAttackShown), std::string::npos) << scan.out;
}

TEST(OwlTerminalText, FileNameControlSequencesAreEscaped) {
  testing::TempDir dir;
  const std::string name = std::string("evil") + kAttack + ".gguf";
  testing::write_file(dir.path() / name,
                      testing::GgufBuilder().kv_string("general.architecture", "llama").build());
  testing::write_file(dir.path() / "README.md", "---\nlicense: mit\n---\n");
  auto scan = run_owl("scan " + quoted(dir.path()));
  EXPECT_EQ(scan.exit_code, 0) << scan.err;
  expect_escaped(scan, "scan");
  EXPECT_NE(scan.out.find(std::string("evil") + kAttackShown), std::string::npos) << scan.out;
  // Error lines on stderr name the file escaped too.
  const std::string broken = std::string("broken") + kAttack + ".gguf";
  testing::write_file(dir.path() / broken, "GGUF\x03\x00\x00\x00truncated");
  auto inspect = run_owl("inspect " + quoted(dir.path() / broken));
  EXPECT_EQ(inspect.exit_code, 2);
  expect_escaped(inspect, "inspect");
  EXPECT_NE(inspect.err.find(std::string("broken") + kAttackShown), std::string::npos)
      << inspect.err;
}

TEST(OwlTerminalText, InvalidUtf8IsShownEscaped) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "README.md", "---\nlicense: mit\n---\n");
  testing::write_file(dir.path() / "bad\xff\xfe.gguf", "junk");
  auto scan = run_owl("scan " + quoted(dir.path()));
  EXPECT_NE(scan.out.find("bad\\xff\\xfe.gguf"), std::string::npos) << scan.out;
  EXPECT_EQ(scan.out.find("\xff"), std::string::npos);
}

// Every line of every text report fits: COLUMNS sets the width (a pipe
// otherwise gets 80), counted in display columns.
class WidthScope {
 public:
  explicit WidthScope(size_t width) { ::setenv("COLUMNS", std::to_string(width).c_str(), 1); }
  ~WidthScope() { ::unsetenv("COLUMNS"); }
};

void expect_fits(const std::string& text, size_t width, const std::string& what) {
  std::istringstream lines(text);
  size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count)
    EXPECT_LE(display_width(line), width) << what << " at width " << width << ": " << line;
  EXPECT_GT(count, 0u) << what;
}

TEST(OwlTerminalText, EveryTextReportFitsTheWidth) {
  const std::string llama = card("NousResearch_Hermes-2-Theta-Llama-3-8B.md");
  const std::string gated = card("CompVis_stable-diffusion-v1-4.md");
  const std::vector<std::string> commands = {
      "scan " + llama + " " + gated,
      "scan --commercial --mau 800000000 " + llama,
      "scan --summary " + llama + " " + gated,
      "scan " + testing::source_dir().string() + "/examples/tiny-release",
      "scan " + corpus("hf-repo-granite").string(),
      "inspect " + testing::source_dir().string() + "/examples/tiny-release/model.safetensors",
      "identify " + corpus("licenses/llama-3.1/LICENSE").string(),
      "explain llama3.1",
      "explain apache-2.0 llama3.1",
      "explain --list",
      "census --top 5 " + corpus("model-cards/hf-readme-2024").string(),
  };
  for (const size_t width : {80u, 40u}) {
    WidthScope scope(width);
    for (const auto& command : commands) {
      auto result = run_owl(command);
      EXPECT_LE(result.exit_code, 1) << command << "\n" << result.err;
      expect_fits(result.out, width, command);
    }
  }
}

TEST(OwlTerminalText, PipedOutputWrapsAt80) {
  ::unsetenv("COLUMNS");
  auto result = run_owl("explain llama3.1");
  expect_fits(result.out, 80, "explain llama3.1");
  bool wrapped_somewhere = false;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) wrapped_somewhere |= display_width(line) > 70;
  EXPECT_TRUE(wrapped_somewhere) << "expected long lines filled close to 80 columns";
}

TEST(OwlTerminalText, GatedPromptLicenceIsQuotedOnOneLine) {
  auto scan = run_owl("scan " + card("CompVis_stable-diffusion-v1-4.md"));
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  const size_t at = scan.out.find("extra_gated_prompt: This model is open access");
  ASSERT_NE(at, std::string::npos) << scan.out;
  const std::string line = scan.out.substr(at, scan.out.find('\n', at) - at);
  EXPECT_EQ(line.substr(line.size() - 3), "…");
  EXPECT_EQ(scan.out.find("The CreativeML OpenRAIL License specifies"), std::string::npos);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

TEST(OwlScanSummary, OneLinePerReleaseWithCommercialUse) {
  ::setenv("COLUMNS", "1000", 1);  // one physical line each
  auto result =
      run_owl("scan --summary " + card("NousResearch_Hermes-2-Theta-Llama-3-8B.md") + " " +
              card("havenhq_mamba-chat.md") + " " + card("51la5_roberta-large-NER.md"));
  ::unsetenv("COLUMNS");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  // Llama 3 under an apache-2.0 label: the Llama terms decide.
  EXPECT_EQ(lines[0].rfind("NousResearch/Hermes-2-Theta-Llama-3-8B  source-available-revocable · "
                           "commercial use: with conditions · high conflict: ",
                           0),
            0u)
      << lines[0];
  EXPECT_NE(lines[0].find("700M monthly-active-user"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("open-permissive · commercial use: yes · "), std::string::npos)
      << lines[1];
  EXPECT_NE(lines[1].find("commercial use yes [Apache-2.0 §2]"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("commercial use: unclear · high conflict: no-license"), std::string::npos)
      << lines[2];
}

TEST(OwlScanSummary, WithAProfileTheVerdictAndDecidingReason) {
  ::setenv("COLUMNS", "1000", 1);
  auto result = run_owl("scan --summary --commercial --mau 800000000 " +
                        card("NousResearch_Hermes-2-Theta-Llama-3-8B.md"));
  ::unsetenv("COLUMNS");
  EXPECT_EQ(result.exit_code, 1);
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 1u) << result.out;
  EXPECT_EQ(lines[0].rfind("NousResearch/Hermes-2-Theta-Llama-3-8B  NOT ALLOWED · ", 0), 0u)
      << lines[0];
  EXPECT_NE(lines[0].find("[LicenseRef-owl-llama-3 §2]"), std::string::npos) << lines[0];
}

TEST(OwlScanSummary, PipedRunsGetTheFullReportAndFlagsConflict) {
  testing::TempDir dir;
  for (int i = 0; i < 21; ++i)
    testing::write_file(dir.path() / ("model-" + std::to_string(i)) / "README.md",
                        "---\nlicense: mit\n---\n# m\n");
  auto piped = run_owl("scan " + quoted(dir.path()));
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_NE(piped.out.find("What owl could determine"), std::string::npos);  // full blocks
  ::setenv("COLUMNS", "1000", 1);
  auto summary = run_owl("scan --summary " + quoted(dir.path()));
  ::unsetenv("COLUMNS");
  EXPECT_EQ(lines_of(summary.out).size(), 21u) << summary.out;
  EXPECT_EQ(run_owl("scan --summary --full " + quoted(dir.path())).exit_code, 2);
}

// No progress line unless stderr is a terminal: run_owl's stderr is a file.
TEST(OwlProgress, NonTerminalRunWritesNoProgress) {
  auto result = run_owl("scan --hash " + testing::source_dir().string() + "/examples/tiny-release");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  auto census = run_owl("census " + corpus("hf-repo-granite").string());
  EXPECT_EQ(census.err, "");
}

TEST(OwlExplain, UnknownNameSuggestsItsFamily) {
  auto result = run_owl("explain llama3.5");
  EXPECT_EQ(result.exit_code, 2);
  for (const char* neighbour : {"llama3.1", "llama3.2", "llama3.3"})
    EXPECT_NE(result.err.find(neighbour), std::string::npos) << result.err;
}

TEST(OwlExplain, AcceptsWhatAScanPrints) {
  auto hub = run_owl("explain llama3.2");
  EXPECT_EQ(hub.exit_code, 0) << hub.err;
  auto name = run_owl("explain 'Llama 3.1 Community License'");
  EXPECT_EQ(name.exit_code, 0) << name.err;
  EXPECT_NE(name.out.find("(LicenseRef-owl-llama-3.1)"), std::string::npos);
}

TEST(OwlExplain, ListNamesEveryLicenceOwlKnows) {
  ::setenv("COLUMNS", "1000", 1);
  auto result = run_owl("explain --list");
  ::unsetenv("COLUMNS");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  size_t listed = 0;
  std::string tier;  // the heading the entries below belong to
  for (const auto& line : lines) {
    if (line.rfind("  ", 0) != 0) {
      tier = line.substr(0, line.find(" ("));
      continue;
    }
    const std::string id = line.substr(2, line.find("  ", 2) - 2);
    const LicenseFacts* facts = KnowledgeBase::builtin().find(id);
    ASSERT_NE(facts, nullptr) << line;
    EXPECT_EQ(tier, to_string(facts->tier)) << line;
    EXPECT_EQ(line, "  " + facts->id + "  " + facts->name);
    ++listed;
  }
  EXPECT_EQ(listed, KnowledgeBase::builtin().entries().size());
}

TEST(OwlExplain, TwoLicencesSideBySide) {
  ::setenv("COLUMNS", "120", 1);
  auto result = run_owl("explain apache-2.0 cc-by-nc-4.0");
  ::unsetenv("COLUMNS");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  ASSERT_GT(lines.size(), 8u);
  const auto ids = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find("Apache-2.0") < line.find("CC-BY-NC-4.0") &&
           line.find("CC-BY-NC-4.0") != std::string::npos;
  });
  EXPECT_NE(ids, lines.end()) << result.out;
  bool commercial_row = false;
  for (const auto& line : lines)
    if (line.rfind("Commercial use", 0) == 0) {
      commercial_row = true;
      EXPECT_LT(line.find("yes"), line.find("no")) << line;  // Apache left, NC right
    }
  EXPECT_TRUE(commercial_row) << result.out;
  for (const char* row : {"Tier", "Thresholds", "Regions", "Duties", "Outputs"})
    EXPECT_NE(result.out.find(std::string("\n") + row), std::string::npos) << row;
  EXPECT_EQ(run_owl("explain apache-2.0 no-such-licence").exit_code, 2);
}

}  // namespace
}  // namespace owl
