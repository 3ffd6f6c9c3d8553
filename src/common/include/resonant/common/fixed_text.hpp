#pragma once
// Fixed-capacity, NUL-terminated text for values that cross threads through queues and
// triple buffers, where a std::string would allocate.
#include <array>
#include <cstddef>
#include <string_view>

namespace resonant {

template <std::size_t N>
struct FixedText {
  std::array<char, N + 1> chars{};

  FixedText() = default;
  explicit FixedText(std::string_view text) { assign(text); }

  /// Copies text, cut at N characters (never in the middle of a UTF-8 sequence).
  void assign(std::string_view text) {
    std::size_t n = text.size() < N ? text.size() : N;
    if (n < text.size()) {
      while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0u) == 0x80u) --n;
    }
    for (std::size_t i = 0; i < n; ++i) chars[i] = text[i];
    chars[n] = '\0';
  }
  std::string_view view() const { return std::string_view(chars.data()); }
  bool empty() const { return chars[0] == '\0'; }
};

}  // namespace resonant
