#include <resonant/drivers/cobs_framer.hpp>

namespace resonant::drivers {

CobsFramer::CobsFramer(std::size_t min_frame, std::size_t max_frame)
    : min_frame_(min_frame), max_frame_(max_frame),
      max_encoded_(max_frame + max_frame / 254 + 1) {
  block_.reserve(max_encoded_);
  decoded_.resize(max_frame_);
}

void CobsFramer::reset() {
  block_.clear();
  overflowed_ = false;
}

bool CobsFramer::finish_block(std::span<const std::uint8_t>& frame) {
  const std::size_t n = block_.size();
  const bool overflowed = overflowed_;
  overflowed_ = false;
  if (n == 0 && !overflowed) return false;  // back-to-back delimiters: idle line, not an error
  int len = -1;
  if (!overflowed) len = rsp_cobs_decode(block_.data(), n, decoded_.data(), decoded_.size());
  block_.clear();
  if (len < 0 || static_cast<std::size_t>(len) < min_frame_) {
    stats_.discarded_bytes += n;
    ++stats_.framing_errors;
    return false;
  }
  const std::size_t body = static_cast<std::size_t>(len) - RSP_CRC_SIZE;
  const std::uint16_t expected = rsp_get_u16(decoded_.data() + body);
  if (rsp_crc16(decoded_.data(), body) != expected) {
    stats_.discarded_bytes += n;
    ++stats_.crc_errors;
    return false;
  }
  ++stats_.frames;
  frame = std::span<const std::uint8_t>(decoded_.data(), body);
  return true;
}

}  // namespace resonant::drivers
