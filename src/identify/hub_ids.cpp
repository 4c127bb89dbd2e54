// Hugging Face `license:` identifiers mapped to owl ids. The Hub's list
// (huggingface/hub-docs docs/hub/repositories-licenses.md, 83 ids, read
// 2026-08) plus a few ids seen on real cards but not in that list.
// Family ids ("bsd", "gemma") carry the most likely member and, where the
// family is small, an OR expression over its versions.
#include <algorithm>
#include <array>
#include <cctype>

#include "owl/identify.h"

namespace owl {
namespace {

constexpr HubLicense kHubLicenses[] = {
    {"apache-2.0", "Apache-2.0", "", false, true},
    {"mit", "MIT", "", false, true},
    {"openrail", "", "", true, true},
    {"bigscience-openrail-m", "LicenseRef-owl-bigscience-openrail-m-2022-08-18", "", false, true},
    {"creativeml-openrail-m", "LicenseRef-owl-creativeml-openrail-m-2022-08-22", "", false, true},
    {"bigscience-bloom-rail-1.0", "LicenseRef-owl-bigscience-bloom-rail-1.0", "", false, true},
    {"bigcode-openrail-m", "LicenseRef-owl-bigcode-openrail-m-1", "", false, true},
    {"afl-3.0", "AFL-3.0", "", false, true},
    {"artistic-2.0", "Artistic-2.0", "", false, true},
    {"bsl-1.0", "BSL-1.0", "", false, true},
    {"bsd", "", "", true, true},
    {"bsd-2-clause", "BSD-2-Clause", "", false, true},
    {"bsd-3-clause", "BSD-3-Clause", "", false, true},
    {"bsd-3-clause-clear", "BSD-3-Clause-Clear", "", false, true},
    {"c-uda", "C-UDA-1.0", "", false, true},
    {"cc", "", "", true, true},
    {"cc0-1.0", "CC0-1.0", "", false, true},
    {"cc-by-2.0", "CC-BY-2.0", "", false, true},
    {"cc-by-2.5", "CC-BY-2.5", "", false, true},
    {"cc-by-3.0", "CC-BY-3.0", "", false, true},
    {"cc-by-4.0", "CC-BY-4.0", "", false, true},
    {"cc-by-sa-3.0", "CC-BY-SA-3.0", "", false, true},
    {"cc-by-sa-4.0", "CC-BY-SA-4.0", "", false, true},
    {"cc-by-nc-2.0", "CC-BY-NC-2.0", "", false, true},
    {"cc-by-nc-3.0", "CC-BY-NC-3.0", "", false, true},
    {"cc-by-nc-4.0", "CC-BY-NC-4.0", "", false, true},
    {"cc-by-nd-4.0", "CC-BY-ND-4.0", "", false, true},
    {"cc-by-nc-nd-3.0", "CC-BY-NC-ND-3.0", "", false, true},
    {"cc-by-nc-nd-4.0", "CC-BY-NC-ND-4.0", "", false, true},
    {"cc-by-nc-sa-2.0", "CC-BY-NC-SA-2.0", "", false, true},
    {"cc-by-nc-sa-3.0", "CC-BY-NC-SA-3.0", "", false, true},
    {"cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0", "", false, true},
    {"cdla-sharing-1.0", "CDLA-Sharing-1.0", "", false, true},
    {"cdla-permissive-1.0", "CDLA-Permissive-1.0", "", false, true},
    {"cdla-permissive-2.0", "CDLA-Permissive-2.0", "", false, true},
    {"wtfpl", "WTFPL", "", false, true},
    {"ecl-2.0", "ECL-2.0", "", false, true},
    {"epl-1.0", "EPL-1.0", "", false, true},
    {"epl-2.0", "EPL-2.0", "", false, true},
    {"etalab-2.0", "etalab-2.0", "", false, true},
    {"eupl-1.1", "EUPL-1.1", "", false, true},
    {"eupl-1.2", "EUPL-1.2", "", false, true},
    {"agpl-3.0", "AGPL-3.0-only", "", false, true},
    {"gfdl", "", "GFDL-1.3-only OR GFDL-1.2-only OR GFDL-1.1-only", true, true},
    {"gpl", "", "GPL-3.0-only OR GPL-2.0-only", true, true},
    {"gpl-2.0", "GPL-2.0-only", "", false, true},
    {"gpl-3.0", "GPL-3.0-only", "", false, true},
    {"lgpl", "", "LGPL-3.0-only OR LGPL-2.1-only", true, true},
    {"lgpl-2.1", "LGPL-2.1-only", "", false, true},
    {"lgpl-3.0", "LGPL-3.0-only", "", false, true},
    {"isc", "ISC", "", false, true},
    {"h-research", "LicenseRef-owl-h-research", "", false, true},
    {"intel-research", "LicenseRef-owl-intel-research", "", false, true},
    {"lppl-1.3c", "LPPL-1.3c", "", false, true},
    {"ms-pl", "MS-PL", "", false, true},
    {"apple-ascl", "AML", "", false, true},
    {"apple-amlr", "LicenseRef-owl-apple-amlr", "", false, true},
    {"mpl-2.0", "MPL-2.0", "", false, true},
    {"odc-by", "ODC-By-1.0", "", false, true},
    {"odbl", "ODbL-1.0", "", false, true},
    {"openmdw-1.0", "OpenMDW-1.0", "", false, true},
    {"openmdw-1.1", "LicenseRef-owl-openmdw-1.1", "", false, true},
    {"openrail++", "LicenseRef-owl-openrail++-m-2023-07-26",
     "LicenseRef-owl-openrail++-m-2023-07-26 OR LicenseRef-owl-openrail++-m-2022-11-24", true,
     true},
    {"osl-3.0", "OSL-3.0", "", false, true},
    {"postgresql", "PostgreSQL", "", false, true},
    {"ofl-1.1", "OFL-1.1", "", false, true},
    {"ncsa", "NCSA", "", false, true},
    {"unlicense", "Unlicense", "", false, true},
    {"zlib", "Zlib", "", false, true},
    {"pddl", "PDDL-1.0", "", false, true},
    {"lgpl-lr", "LicenseRef-owl-lgpl-lr", "", false, true},
    {"deepfloyd-if-license", "LicenseRef-owl-deepfloyd-if", "", false, true},
    {"fair-noncommercial-research-license", "LicenseRef-owl-fair-noncommercial-research", "", false,
     true},
    {"llama2", "LicenseRef-owl-llama-2", "", false, true},
    {"llama3", "LicenseRef-owl-llama-3", "", false, true},
    {"llama3.1", "LicenseRef-owl-llama-3.1", "", false, true},
    {"llama3.2", "LicenseRef-owl-llama-3.2", "", false, true},
    {"llama3.3", "LicenseRef-owl-llama-3.3", "", false, true},
    {"llama4", "LicenseRef-owl-llama-4", "", false, true},
    {"grok2-community", "LicenseRef-owl-xai-community-2025-11-04", "", false, true},
    {"gemma", "LicenseRef-owl-gemma-2025-03-24",
     "LicenseRef-owl-gemma-2025-03-24 OR LicenseRef-owl-gemma-2024-04-01", true, true},
    {"unknown", "", "", false, true},
    {"other", "", "", false, true},
    {"deepseek", "LicenseRef-owl-deepseek-1.0", "", false, false},
    {"qwen", "LicenseRef-owl-qwen-2024-09-19", "", true, false},
    {"qwen-research", "LicenseRef-owl-qwen-research-2024-09-19", "", true, false},
    {"tongyi-qianwen", "LicenseRef-owl-tongyi-qianwen-2023-08-03", "", false, false},
    {"creativeml-openrail++-m", "LicenseRef-owl-openrail++-m-2023-07-26", "", true, false},
    // `license_name` values publishers write under "license: other" (seen on
    // the cards in ../shared/corpus/model-cards). Family-only where the name
    // does not say which dated text: a LICENSE file the release ships decides.
    {"mnpl", "LicenseRef-owl-mistral-mnpl-0.1", "", false, false},
    {"mrl", "LicenseRef-owl-mistral-mrl-0.1", "", false, false},
    {"msrla", "LicenseRef-owl-microsoft-research-license", "", true, false},
    {"nvidia-open-model-license", "LicenseRef-owl-nvidia-open-model-2025-10-24", "", true, false},
    {"stabilityai-ai-community", "LicenseRef-owl-stability-community-2024-07-05", "", false, false},
    {"sai-nc-community", "LicenseRef-owl-stability-ncrcl-2023-11-28",
     "LicenseRef-owl-stability-ncrcl-2023-11-28 OR LicenseRef-owl-stability-ncrcl-2023-12-06", true,
     false},
    {"tencent-hunyuan-community", "LicenseRef-owl-tencent-hunyuan-community-2025-06-27",
     "LicenseRef-owl-tencent-hunyuan-community-2025-06-27 OR "
     "LicenseRef-owl-tencent-hunyuan-community-2024-11-05 OR "
     "LicenseRef-owl-tencent-hunyuan-community-2024-05-14",
     true, false},
};

bool equals_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

HubLicense map_hub_license(std::string_view hf_license_id) {
  while (!hf_license_id.empty() && std::isspace(static_cast<unsigned char>(hf_license_id.front())))
    hf_license_id.remove_prefix(1);
  while (!hf_license_id.empty() && std::isspace(static_cast<unsigned char>(hf_license_id.back())))
    hf_license_id.remove_suffix(1);
  for (const HubLicense& h : kHubLicenses) {
    if (equals_ci(h.hub_id, hf_license_id)) return h;
  }
  return HubLicense{};
}

std::span<const HubLicense> hub_licenses() { return kHubLicenses; }

}  // namespace owl
