// Numbers as licences write them: "700 million", "$1,000,000", "US $1M",
// "20 million US dollars", "1亿", "一亿", "100万". Used by the term reader to
// read thresholds; the text is lower-cased ASCII with UTF-8 left as is.
#include <array>
#include <cmath>

#include "owl/license_terms.h"

namespace owl {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct Word {
  std::string_view text;
  double scale = 1;
};

// Scale words, longest first so "百万" wins over "万".
constexpr std::array<Word, 12> kScales = {{{"thousand", 1e3},
                                           {"million", 1e6},
                                           {"billion", 1e9},
                                           {"千万", 1e7},
                                           {"百万", 1e6},
                                           {"万", 1e4},
                                           {"亿", 1e8},
                                           {"mm", 1e6},
                                           {"bn", 1e9},
                                           {"m", 1e6},
                                           {"b", 1e9},
                                           {"k", 1e3}}};

struct Currency {
  std::string_view text, code;
};
constexpr std::array<Currency, 16> kPrefixes = {{{"us$", "USD"},
                                                 {"us $", "USD"},
                                                 {"usd $", "USD"},
                                                 {"usd", "USD"},
                                                 {"$", "USD"},
                                                 {"€", "EUR"},
                                                 {"eur", "EUR"},
                                                 {"£", "GBP"},
                                                 {"gbp", "GBP"},
                                                 {"¥", "CNY"},
                                                 {"￥", "CNY"},
                                                 {"rmb", "CNY"},
                                                 {"cny", "CNY"},
                                                 {"人民币", "CNY"},
                                                 {"美元", "USD"},
                                                 {"dollars", "USD"}}};
constexpr std::array<Currency, 11> kSuffixes = {{{"us dollars", "USD"},
                                                 {"u.s. dollars", "USD"},
                                                 {"dollars", "USD"},
                                                 {"usd", "USD"},
                                                 {"euros", "EUR"},
                                                 {"eur", "EUR"},
                                                 {"rmb", "CNY"},
                                                 {"美元", "USD"},
                                                 {"元人民币", "CNY"},
                                                 {"元", "CNY"},
                                                 {"人民币", "CNY"}}};

// Chinese numerals used with 万/亿 ("一亿", "十万").
constexpr std::array<std::pair<std::string_view, int>, 10> kChineseDigits = {{{"一", 1},
                                                                              {"二", 2},
                                                                              {"两", 2},
                                                                              {"三", 3},
                                                                              {"四", 4},
                                                                              {"五", 5},
                                                                              {"六", 6},
                                                                              {"七", 7},
                                                                              {"八", 8},
                                                                              {"十", 10}}};

bool starts_with_at(std::string_view text, size_t at, std::string_view word) {
  return text.substr(at, word.size()) == word;
}

size_t skip_spaces(std::string_view text, size_t at) {
  while (at < text.size() && text[at] == ' ') ++at;
  return at;
}

// A scale word at `at`, whole-word for Latin ones; returns bytes used.
size_t scale_at(std::string_view text, size_t at, double& scale) {
  for (const Word& word : kScales) {
    if (!starts_with_at(text, at, word.text)) continue;
    const size_t end = at + word.text.size();
    if (is_letter(word.text[0]) && end < text.size() && is_letter(text[end])) continue;
    scale = word.scale;
    return word.text.size();
  }
  return 0;
}

}  // namespace

std::vector<WrittenAmount> find_amounts(std::string_view text) {
  std::vector<WrittenAmount> out;
  for (size_t i = 0; i < text.size();) {
    size_t begin = i;
    double value = 0;
    size_t end = i;
    bool separated = false;
    if (is_digit(text[i]) && (i == 0 || (!is_letter(text[i - 1]) && text[i - 1] != '.'))) {
      // Digits with thousands separators and one decimal point.
      std::string digits;
      while (end < text.size() &&
             (is_digit(text[end]) || ((text[end] == ',' || text[end] == '.') &&
                                      end + 1 < text.size() && is_digit(text[end + 1])))) {
        if (text[end] != ',') digits += text[end];
        separated = separated || text[end] == ',';
        ++end;
      }
      value = std::strtod(digits.c_str(), nullptr);
    } else {
      bool chinese = false;
      for (const auto& [numeral, number] : kChineseDigits)
        if (starts_with_at(text, i, numeral)) {
          double scale = 0;
          if (scale_at(text, i + numeral.size(), scale) && scale >= 1e4) {
            value = number;
            end = i + numeral.size();
            chinese = true;
          }
          break;
        }
      if (!chinese) {
        ++i;
        continue;
      }
    }
    // The scale: "700 million", "1亿", "$1m".
    double scale = 1;
    const size_t after = skip_spaces(text, end);
    if (const size_t used = scale_at(text, after, scale)) end = after + used;
    // A number that is a section, a year or a version is not an amount:
    // only scaled numbers, numbers with a currency, or numbers of 4+ digits
    // with separators count.
    std::string currency;
    for (const Currency& prefix : kPrefixes) {
      const size_t n = prefix.text.size();
      size_t at = begin;
      while (at > 0 && text[at - 1] == ' ' && begin - at < 2) --at;
      if (at >= n && text.substr(at - n, n) == prefix.text &&
          (at - n == 0 || !is_letter(prefix.text[0]) || !is_letter(text[at - n - 1]))) {
        currency = prefix.code;
        begin = at - n;
        break;
      }
    }
    if (currency.empty()) {
      const size_t at = skip_spaces(text, end);
      for (const Currency& suffix : kSuffixes)
        if (starts_with_at(text, at, suffix.text)) {
          currency = suffix.code;
          break;
        }
    }
    const bool large = value * scale >= 1000;
    if (large && (scale > 1 || !currency.empty() || separated) && std::isfinite(value)) {
      out.push_back({value * scale, currency, begin, end});
    }
    i = std::max(end, i + 1);
  }
  return out;
}

}  // namespace owl
