// hf:// ids and the settings the Hub's own clients read from the environment.
#include <cstdlib>
#include <fstream>
#include <string>

#include "owl/hub.h"

namespace owl {

namespace {

constexpr std::string_view kScheme = "hf://";
constexpr size_t kMaxNamePart = 96;

// The Hub's repo-name rule (huggingface_hub's validate_repo_id): letters,
// digits, '-', '_', '.'; not starting or ending with '-' or '.'; no "--" or "..".
bool valid_name_part(std::string_view part) {
  if (part.empty() || part.size() > kMaxNamePart) return false;
  for (char c : part) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  const auto edge = [](char c) { return c == '-' || c == '.'; };
  if (edge(part.front()) || edge(part.back())) return false;
  return part.find("--") == std::string_view::npos && part.find("..") == std::string_view::npos;
}

// A branch, tag or commit: printable, no spaces, no "..", bounded.
bool valid_revision(std::string_view revision) {
  if (revision.empty() || revision.size() > 256) return false;
  for (unsigned char c : revision)
    if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '?' || c == '#') return false;
  return revision.find("..") == std::string_view::npos;
}

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string home_dir() { return environment("HOME").value_or("/"); }

bool truthy(const std::optional<std::string>& value) {
  return value && (*value == "1" || *value == "ON" || *value == "YES" || *value == "TRUE" ||
                   *value == "on" || *value == "yes" || *value == "true");
}

// The token file's first line, trimmed (as huggingface_hub's _get_token_from_file).
std::optional<std::string> token_from_file(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  const auto first = line.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  const auto last = line.find_last_not_of(" \t\r\n");
  return line.substr(first, last - first + 1);
}

}  // namespace

std::string HubId::text() const {
  return std::string(kScheme) + repo() + (revision ? "@" + *revision : "");
}

bool is_hub_input(std::string_view input) { return input.starts_with(kScheme); }

Expected<HubId> parse_hub_id(std::string_view input) {
  const auto bad = [&](const char* why) {
    return Error::usage("'" + std::string(input.substr(0, 300)) + "' is not a Hub model id (" +
                        why + "); expected hf://ORG/NAME or hf://ORG/NAME@REVISION");
  };
  if (!is_hub_input(input)) return bad("no hf:// prefix");
  std::string_view rest = input.substr(kScheme.size());
  HubId id;
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    if (!valid_revision(rest.substr(at + 1))) return bad("bad revision");
    id.revision = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return bad("no ORG/");
  const auto org = rest.substr(0, slash), name = rest.substr(slash + 1);
  if (!valid_name_part(org)) return bad("bad organisation or user name");
  if (!valid_name_part(name)) return bad("bad model name");
  id.org = std::string(org);
  id.name = std::string(name);
  return id;
}

HubSettings hub_settings_from_environment() {
  HubSettings settings;
  if (auto endpoint = environment("HF_ENDPOINT")) {
    while (!endpoint->empty() && endpoint->back() == '/') endpoint->pop_back();
    settings.endpoint = *endpoint;
  }
  const std::string hf_home = environment("HF_HOME").value_or(
      environment("XDG_CACHE_HOME").value_or(home_dir() + "/.cache") + "/huggingface");
  settings.token = environment("HF_TOKEN");
  if (!settings.token) settings.token = environment("HUGGING_FACE_HUB_TOKEN");
  if (!settings.token)
    settings.token = token_from_file(environment("HF_TOKEN_PATH").value_or(hf_home + "/token"));
  settings.offline =
      truthy(environment("HF_HUB_OFFLINE")) || truthy(environment("TRANSFORMERS_OFFLINE"));
  settings.hf_hub_cache = environment("HF_HUB_CACHE").value_or(hf_home + "/hub");
  settings.cache_dir = environment("XDG_CACHE_HOME").value_or(home_dir() + "/.cache") + "/owl/hub";
  for (const char* name : {"CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"})
    if (auto bundle = environment(name)) {
      settings.ca_bundle = bundle;
      break;
    }
  return settings;
}

}  // namespace owl
