#include <resonant/drivers/zephyr_framer.hpp>

#include <algorithm>
#include <cstring>

namespace resonant::drivers {
namespace {

constexpr std::uint8_t kCrcPolyReflected = 0x8C;  // §1.2: reflected form of 0x31
constexpr std::size_t kHeaderSize = 3;            // STX, id, DLC

bool is_terminator(std::uint8_t b) {
  return b == kZephyrEtx || b == kZephyrAck || b == kZephyrNak;
}

}  // namespace

std::uint8_t zephyr_crc8(std::span<const std::uint8_t> bytes) {
  std::uint8_t crc = 0;
  for (const std::uint8_t b : bytes) {
    crc ^= b;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 1u) ? static_cast<std::uint8_t>((crc >> 1) ^ kCrcPolyReflected)
                       : static_cast<std::uint8_t>(crc >> 1);
    }
  }
  return crc;
}

std::vector<std::uint8_t> encode_zephyr_frame(std::uint8_t id, std::span<const std::uint8_t> payload,
                                              std::uint8_t terminator) {
  const std::size_t n = std::min(payload.size(), kZephyrMaxPayload);
  std::vector<std::uint8_t> out;
  out.reserve(n + kZephyrOverhead);
  out.push_back(kZephyrStx);
  out.push_back(id);
  out.push_back(static_cast<std::uint8_t>(n));
  out.insert(out.end(), payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(n));
  out.push_back(zephyr_crc8(payload.first(n)));
  out.push_back(terminator);
  return out;
}

ZephyrFramer::ZephyrFramer() { known_ids_.set(); }

ZephyrFramer::ZephyrFramer(const std::bitset<256>& known_ids) : known_ids_(known_ids) {}

void ZephyrFramer::reset() {
  size_ = 0;
  resyncing_ = false;
}

ZephyrFramer::Step ZephyrFramer::scan() {
  if (size_ == 0) return Step::kNeedMore;
  if (buf_[0] != kZephyrStx) {
    // Skip to the next STX candidate (or drop everything when there is none).
    const auto* next = std::find(buf_.data() + 1, buf_.data() + size_, kZephyrStx);
    const auto skipped = static_cast<std::size_t>(next - buf_.data());
    reject(false, skipped);
    return Step::kRejected;
  }
  if (size_ < kHeaderSize) return Step::kNeedMore;
  if (!known_ids_.test(buf_[1]) || buf_[2] > kZephyrMaxPayload) {
    reject(false, 1);
    return Step::kRejected;
  }
  const std::size_t need = buf_[2] + kZephyrOverhead;
  if (size_ < need) return Step::kNeedMore;
  if (!is_terminator(buf_[need - 1])) {
    reject(false, 1);
    return Step::kRejected;
  }
  const auto payload = std::span<const std::uint8_t>(buf_.data() + kHeaderSize, buf_[2]);
  if (zephyr_crc8(payload) != buf_[need - 2]) {
    reject(true, 1);
    return Step::kRejected;
  }
  frame_size_ = need;
  resyncing_ = false;
  ++stats_.frames;
  return Step::kFrame;
}

void ZephyrFramer::reject(bool crc_error, std::size_t bytes) {
  if (!resyncing_) {
    // One error per bad stretch: the bytes skipped after a corrupted frame are its debris.
    resyncing_ = true;
    ++(crc_error ? stats_.crc_errors : stats_.framing_errors);
  }
  stats_.discarded_bytes += bytes;
  drop(bytes);
}

void ZephyrFramer::drop(std::size_t n) {
  n = std::min(n, size_);
  std::memmove(buf_.data(), buf_.data() + n, size_ - n);
  size_ -= n;
}

}  // namespace resonant::drivers
