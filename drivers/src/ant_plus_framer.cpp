#include <resonant/drivers/ant_plus_framer.hpp>

#include <algorithm>

namespace resonant::drivers::ant {

void Framer::reset() {
  size_ = 0;
  in_skip_run_ = false;
  skip_run_counted_ = false;
}

Framer::Candidate Framer::examine() const {
  if (buf_[0] != kSync) return Candidate::kNoSync;
  if (size_ < 2) return Candidate::kIncomplete;
  const std::size_t len = buf_[1];
  if (len == 0 || len > kMaxContentBytes) return Candidate::kBadHeader;
  if (size_ < kHeaderBytes) return Candidate::kIncomplete;
  if (buf_[2] == 0x00) return Candidate::kBadHeader;  // MID 0 is invalid (§3.2)
  const std::size_t total = len + kOverheadBytes;
  if (size_ < total) return Candidate::kIncomplete;
  const auto body = std::span<const std::uint8_t>(buf_.data(), total - 1);
  return xor_checksum(body) == buf_[total - 1] ? Candidate::kValid : Candidate::kBadChecksum;
}

void Framer::drop_one(Candidate why) {
  ++stats_.skipped_bytes;
  if (why == Candidate::kBadChecksum || why == Candidate::kBadHeader) {
    ++(why == Candidate::kBadChecksum ? stats_.crc_errors : stats_.framing_errors);
    // The bytes skipped after a rejected candidate belong to this error.
    in_skip_run_ = true;
    skip_run_counted_ = true;
  } else {  // kNoSync: a byte between messages
    if (!in_skip_run_) {
      in_skip_run_ = true;
      skip_run_counted_ = false;
    }
    if (buf_[0] != 0x00 && !skip_run_counted_) {
      ++stats_.framing_errors;
      skip_run_counted_ = true;
    }
  }
  std::copy(buf_.begin() + 1, buf_.begin() + static_cast<std::ptrdiff_t>(size_), buf_.begin());
  --size_;
}

void Framer::consume(std::size_t n) {
  ++stats_.frames;
  std::copy(buf_.begin() + static_cast<std::ptrdiff_t>(n),
            buf_.begin() + static_cast<std::ptrdiff_t>(size_), buf_.begin());
  size_ -= n;
  in_skip_run_ = false;
  skip_run_counted_ = false;
}

}  // namespace resonant::drivers::ant
