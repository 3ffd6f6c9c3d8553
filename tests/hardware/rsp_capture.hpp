#pragma once
// What a sensor said, frame by frame: the host's own CobsFramer and RspDecoder applied to a
// captured byte stream, keeping every frame's header (ACKs and TEXT included, which the
// decoder only counts) and every decoded event. Used to check the firmware's output exactly.
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/drivers/cobs_framer.hpp>
#include <resonant/drivers/rsp_decoder.hpp>

namespace resonant::testing {

struct CapturedFrame {
  std::uint8_t type = 0;
  std::uint16_t seq = 0;
  std::uint32_t t_dev_us = 0;
  std::vector<std::uint8_t> payload;
};

class RspCapture {
 public:
  void push(std::span<const std::uint8_t> bytes) {
    framer_.push(bytes, [&](std::span<const std::uint8_t> frame) {
      CapturedFrame f;
      f.type = frame[0];
      f.seq = rsp_get_u16(frame.data() + 1);
      f.t_dev_us = rsp_get_u32(frame.data() + 3);
      f.payload.assign(frame.begin() + RSP_HEADER_SIZE, frame.end());
      frames.push_back(std::move(f));
      decoder_.decode(frame, {}, [&](drivers::SensorEvent&& e) { events.push_back(std::move(e)); });
    });
  }
  void push(const std::vector<std::uint8_t>& bytes) {
    push(std::span<const std::uint8_t>(bytes.data(), bytes.size()));
  }

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events) {
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }
  std::vector<drivers::SampleBlock> blocks(std::uint8_t channel) const {
    std::vector<drivers::SampleBlock> out;
    for (const auto& b : all<drivers::SampleBlock>()) {
      if (b.channel == channel) out.push_back(b);
    }
    return out;
  }
  std::vector<std::uint8_t> types() const {
    std::vector<std::uint8_t> t;
    for (const auto& f : frames) t.push_back(f.type);
    return t;
  }

  const drivers::CobsFramer::Stats& framing() const { return framer_.stats(); }
  const drivers::RspDecoder::Stats& decoding() const { return decoder_.stats(); }

  std::vector<CapturedFrame> frames;
  std::vector<drivers::SensorEvent> events;

 private:
  drivers::CobsFramer framer_;
  drivers::RspDecoder decoder_;
};

/// The DIY sensor's STATUS while all is well: streaming, every channel in contact, nothing
/// saturated, no overrun, no battery (USB-powered).
inline void expect_healthy_status(const drivers::DeviceStatus& st) {
  EXPECT_EQ(st.flags, RSP_STATUS_STREAMING);
  EXPECT_EQ(st.contact_ok_mask, 0b111);
  EXPECT_EQ(st.saturated_mask, 0);
  EXPECT_EQ(st.battery_pct, 255);
  EXPECT_EQ(st.overruns, 0);
}

}  // namespace resonant::testing
