// Walks tar headers over the caller's bytes. Offsets in faults are from the
// start of the archive.
#include "read/tar_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "owl/units.h"

namespace owl::tar {

namespace {

constexpr uint64_t kBlock = 512;
constexpr size_t kMaxMembers = size_t{1} << 16;
constexpr uint64_t kMaxLongName = 64 * 1024;

std::string_view field(Bytes header, size_t at, size_t length) {
  const char* start = reinterpret_cast<const char*>(header.data()) + at;
  return {start, strnlen(start, length)};
}

// An octal number, or base-256 when the first byte's high bit is set (GNU).
bool parse_number(Bytes header, size_t at, size_t length, uint64_t& out) {
  out = 0;
  if (header[at] & 0x80) {
    if (header[at] != 0x80) return false;  // negative or too wide
    for (size_t i = at + 1; i < at + length; ++i) {
      if (out > (UINT64_MAX >> 8)) return false;
      out = (out << 8) | header[i];
    }
    return true;
  }
  size_t i = at;
  while (i < at + length && header[i] == ' ') ++i;
  bool any = false;
  for (; i < at + length && header[i] >= '0' && header[i] <= '7'; ++i) {
    if (out > (UINT64_MAX >> 3)) return false;
    out = (out << 3) | static_cast<uint64_t>(header[i] - '0');
    any = true;
  }
  for (; i < at + length; ++i)
    if (header[i] != ' ' && header[i] != '\0') return false;
  return any;
}

bool checksum_matches(Bytes header) {
  uint64_t stored = 0;
  if (!parse_number(header, 148, 8, stored)) return false;
  uint64_t sum = 0;
  for (size_t i = 0; i < kBlock; ++i) sum += (i >= 148 && i < 156) ? ' ' : header[i];
  return sum == stored;
}

bool all_zero(Bytes header) {
  return std::all_of(header.begin(), header.end(), [](uint8_t b) { return b == 0; });
}

// The "path" (and "linkpath") records of a pax extended header.
void read_pax(std::string_view records, std::string& path, std::string& link) {
  while (!records.empty()) {
    const size_t space = records.find(' ');
    if (space == std::string_view::npos) return;
    uint64_t length = 0;
    for (size_t i = 0; i < space; ++i) {
      if (records[i] < '0' || records[i] > '9' || length > records.size()) return;
      length = length * 10 + static_cast<uint64_t>(records[i] - '0');
    }
    if (length <= space + 1 || length > records.size()) return;
    const std::string_view record = records.substr(space + 1, length - space - 2);
    const size_t equals = record.find('=');
    if (equals != std::string_view::npos) {
      const std::string_view key = record.substr(0, equals);
      if (key == "path") path = std::string(record.substr(equals + 1));
      if (key == "linkpath") link = std::string(record.substr(equals + 1));
    }
    records.remove_prefix(length);
  }
}

}  // namespace

bool looks_like_tar(Bytes bytes) {
  return bytes.size() >= kBlock && std::memcmp(bytes.data() + 257, "ustar", 5) == 0;
}

Listing list_members(Bytes bytes) {
  auto listing = list_members(bytes.size(), [&](uint64_t offset, uint64_t length) {
    return Expected<Bytes>(bytes.subspan(static_cast<size_t>(offset), static_cast<size_t>(length)));
  });
  return std::move(*listing);  // reads of the span never fail
}

Expected<Listing> list_members(uint64_t size_of_archive, const ReadAt& read) {
  Listing listing;
  std::string next_name;  // from a GNU 'L' or pax 'x' header
  std::string next_link;
  uint64_t at = 0;
  while (at + kBlock <= size_of_archive) {
    auto header_read = read(at, kBlock);
    if (!header_read) return header_read.error();
    const Bytes header = *header_read;
    if (all_zero(header)) break;
    const auto fault = [&](const std::string& why) {
      listing.faults.push_back(fmt::format("byte {}: {}", at, why));
    };
    if (!checksum_matches(header)) {
      fault("the header checksum does not match; the rest of the archive is not listed");
      break;
    }
    uint64_t size = 0;
    if (!parse_number(header, 124, 12, size)) {
      fault("the member size is not a number");
      break;
    }
    const uint64_t data = at + kBlock;
    if (size > size_of_archive - data) {
      fault(fmt::format("the member claims {} bytes but {} remain", size, size_of_archive - data));
      break;
    }
    const char type = static_cast<char>(header[156]);
    const auto content = [&]() -> Expected<std::string_view> {
      auto bytes = read(data, size);
      if (!bytes) return bytes.error();
      return std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    };
    if (type == 'L' || type == 'K') {
      if (size > kMaxLongName) {
        fault("a long name over 64 KiB");
        break;
      }
      auto name = content();
      if (!name) return name.error();
      (type == 'L' ? next_name : next_link) = std::string(name->substr(0, name->find('\0')));
    } else if (type == 'x') {
      auto records = content();
      if (!records) return records.error();
      read_pax(*records, next_name, next_link);
    } else if (type != 'g') {
      Member member;
      member.type = type == '\0' ? '0' : type;
      member.offset = data;
      member.size = size;
      const std::string_view prefix = field(header, 345, 155);
      member.name = !next_name.empty() ? next_name
                    : prefix.empty()
                        ? std::string(field(header, 0, 100))
                        : std::string(prefix) + "/" + std::string(field(header, 0, 100));
      member.link = !next_link.empty() ? next_link : std::string(field(header, 157, 100));
      next_name.clear();
      next_link.clear();
      if (listing.members.size() >= kMaxMembers) {
        fault(fmt::format("more than {} members; the rest are not listed", kMaxMembers));
        break;
      }
      listing.members.push_back(std::move(member));
    }
    const uint64_t padded = (size + kBlock - 1) / kBlock * kBlock;
    at = data + padded;  // size <= size_of_archive, so no overflow
  }
  return listing;
}

}  // namespace owl::tar
