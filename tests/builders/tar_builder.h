// Tar archives built by a test: ustar headers with valid checksums, written
// by hand so a test can also break them on purpose.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace owl::testing {

struct TarMember {
  TarMember(std::string member_name, std::string member_data, char member_type = '0',
            std::string member_link = "")
      : name(std::move(member_name)),
        data(std::move(member_data)),
        type(member_type),
        link(std::move(member_link)) {}
  std::string name;
  std::string data;
  char type;
  std::string link;  // for '1' (hard link) and '2' (symbolic link)
};

inline std::string tar_header(const TarMember& member) {
  std::string header(512, '\0');
  header.replace(0, member.name.size(), member.name);
  const auto octal = [&](size_t at, size_t width, uint64_t value) {
    char text[32];
    std::snprintf(text, sizeof text, "%0*llo", static_cast<int>(width - 1),
                  static_cast<unsigned long long>(value));
    header.replace(at, width - 1, text);
  };
  octal(100, 8, 0644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, member.data.size());
  octal(136, 12, 0);
  header[156] = member.type;
  header.replace(157, member.link.size(), member.link);
  header.replace(257, 6, std::string("ustar\0", 6));
  header.replace(263, 2, "00");
  header.replace(148, 8, "        ");
  unsigned sum = 0;
  for (const char c : header) sum += static_cast<unsigned char>(c);
  char text[8];
  std::snprintf(text, sizeof text, "%06o", sum);
  header.replace(148, 7, std::string(text, 6) + '\0');
  return header;
}

inline std::string make_tar(const std::vector<TarMember>& members) {
  std::string out;
  for (const TarMember& member : members) {
    out += tar_header(member);
    out += member.data;
    out.append((512 - member.data.size() % 512) % 512, '\0');
  }
  out.append(1024, '\0');
  return out;
}

}  // namespace owl::testing
