#include <resonant/drivers/ant_plus_message.hpp>

namespace resonant::drivers::ant {

std::uint8_t xor_checksum(std::span<const std::uint8_t> bytes) {
  std::uint8_t cs = 0;
  for (const std::uint8_t b : bytes) cs ^= b;
  return cs;
}

std::vector<std::uint8_t> encode_message(std::uint8_t mid, std::span<const std::uint8_t> content) {
  std::vector<std::uint8_t> out;
  out.reserve(content.size() + kOverheadBytes);
  out.push_back(kSync);
  out.push_back(static_cast<std::uint8_t>(content.size()));
  out.push_back(mid);
  out.insert(out.end(), content.begin(), content.end());
  out.push_back(xor_checksum(out));
  return out;
}

}  // namespace resonant::drivers::ant
