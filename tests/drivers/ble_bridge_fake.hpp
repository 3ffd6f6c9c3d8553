#pragma once
// A fake BLE-to-serial bridge with a simulated Polar H10 (test-only), speaking
// hardware/BLE_BRIDGE.md from a ground truth:
//  - answers IDENTIFY with IDENTITY + LINK "connected" (HRS + PMD), REQUEST_STATUS with STATUS;
//  - checks every PMD control-point write against the spec's start/stop bytes and answers
//    with the CP indication, starting/stopping its ECG and ACC streams;
//  - streams HRS notifications at 1 Hz carrying the RR (1/1024 s) of the beats of that second
//    (0-3), ECG frames of 73 samples at 130 Hz and ACC frames of 36 samples at 200 Hz
//    (alternately raw and delta-compressed) once started, and a STATUS heartbeat at 1 Hz.
// Bridge time starts 20 s before the u32 wrap so every link test crosses it.
//
// Threading contract: not synchronised; used by the test thread only.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include <resonant/drivers/ble_bridge_handler.hpp>
#include <resonant/drivers/cobs_framer.hpp>

#include "ble_bridge_test_frames.hpp"

namespace resonant::testing::ble {

class BleBridgeFake {
 public:
  static constexpr double kEcgRateHz = 130.0;
  static constexpr double kAccRateHz = 200.0;
  static constexpr std::size_t kEcgPerFrame = 73;
  static constexpr std::size_t kAccPerFrame = 36;
  static constexpr std::uint32_t kBridgeBaseUs = 0xFFFFFFFFu - 20'000'000u;
  static constexpr std::uint64_t kPmdBaseNs = 700'000'000'000'000'000ull;  // ~22 years after 2000

  BleBridgeFake(std::uint32_t seed, std::size_t beats) : rng_(seed) {
    // RR as a bounded random walk in 1/1024 s units, 600..1100 ms.
    double rr_ms = 850.0;
    std::normal_distribution<double> step(0.0, 25.0);
    double t_s = 0.4;
    for (std::size_t k = 0; k < beats; ++k) {
      rr_ms = std::clamp(rr_ms + step(rng_), 600.0, 1100.0);
      const auto units = static_cast<std::uint16_t>(std::lround(rr_ms * 1.024));
      rr_1024.push_back(units);
      t_s += units / 1024.0;
      beat_t_s_.push_back(t_s);
    }
  }

  // ---- ground truth and what the fake saw ------------------------------------------------
  std::vector<std::uint16_t> rr_1024;  // beat k's interval from beat k-1 (1/1024 s)
  std::vector<std::int32_t> ecg_uv;    // every ECG sample sent, in order
  std::vector<std::int32_t> acc_z_mg;  // every ACC z sample sent, in order
  std::size_t beats_sent = 0;
  std::size_t frames_sent = 0;
  std::size_t identify_seen = 0;
  std::size_t status_requests = 0;
  bool ecg_started = false;
  bool ecg_ever_started = false;
  bool acc_started = false;
  bool ecg_stop_seen = false;
  bool acc_stop_seen = false;
  std::size_t bad_commands = 0;  // CP writes that are none of the spec's commands

  double end_s() const { return beat_t_s_.back() + 1.0; }
  bool connected() const { return connected_; }

  /// Feeds what the host sent; returns the bridge's answers.
  Bytes on_host_bytes(std::span<const std::uint8_t> bytes) {
    Bytes out;
    framer_.push(bytes, [&](std::span<const std::uint8_t> f) {
      const std::uint8_t type = f[0];
      const std::uint8_t link = f[2];
      const Bytes payload(f.begin() + bb::kHeaderSize, f.end());
      if (type == bb::kCmdIdentify) {
        ++identify_seen;
        add(out, bb::kTypeIdentity, 0, identity_payload("fake-esp32"));
        connected_ = true;
        add(out, bb::kTypeLink, 0, link_payload(bb::kLinkConnected, bb::kServiceHrs | bb::kServicePmd, "Polar H10 FAKE0001"));
      } else if (type == bb::kCmdRequestStatus) {
        ++status_requests;
        add(out, bb::kTypeStatus, 0, status());
      } else if (type == bb::kCmdWritePmdCp && link == 0) {
        on_cp_write(out, payload);
      } else {
        ++bad_commands;
      }
    });
    return out;
  }

  /// Everything the bridge sends from the current simulated time up to t_s.
  Bytes stream_until(double t_s) {
    Bytes out;
    for (; now_s_ + kTickS <= t_s + 1e-9; ) {
      now_s_ += kTickS;
      tick(out);
    }
    return out;
  }

 private:
  static constexpr double kTickS = 0.005;

  std::uint32_t bridge_us(double t_s) const {
    return kBridgeBaseUs + static_cast<std::uint32_t>(std::llround(t_s * 1e6));
  }
  static std::uint64_t pmd_ns(double t_s) { return kPmdBaseNs + static_cast<std::uint64_t>(std::llround(t_s * 1e9)); }

  void add(Bytes& out, std::uint8_t type, std::uint8_t link, const Bytes& payload) {
    const auto f = frame(type, seq_++, link, bridge_us(now_s_), payload);
    out.insert(out.end(), f.begin(), f.end());
    ++frames_sent;
  }

  Bytes status() const { return status_payload(bb::kStatusConnected | bb::kStatusHrsOn | bb::kStatusPmdOn, 80, -58, 0); }

  void on_cp_write(Bytes& out, const Bytes& cp) {
    using drivers::kPmdStartAcc;
    using drivers::kPmdStartEcg;
    const Bytes start_ecg(kPmdStartEcg.begin(), kPmdStartEcg.end());
    const Bytes start_acc(kPmdStartAcc.begin(), kPmdStartAcc.end());
    if (cp == start_ecg) {
      if (!ecg_started) ecg_next_s_ = now_s_;
      ecg_started = true;
      ecg_ever_started = true;
    } else if (cp == start_acc) {
      if (!acc_started) acc_next_s_ = now_s_;
      acc_started = true;
    } else if (cp == Bytes{0x03, 0x00}) {
      ecg_started = false;
      ecg_stop_seen = true;
    } else if (cp == Bytes{0x03, 0x02}) {
      acc_started = false;
      acc_stop_seen = true;
    } else {
      ++bad_commands;
      return;
    }
    add(out, bb::kTypePmdCp, 0, cp_response(cp[0], cp[1], bb::kPmdStatusSuccess));
  }

  std::int32_t ecg_at(double t) const {
    // A QRS-like spike at every true beat (so beats found in the ECG carry the true RR) on a
    // slow wave, in µV, exact integers.
    constexpr double kQrsWidthS = 0.015;
    double qrs = 0.0;
    auto it = std::lower_bound(beat_t_s_.begin(), beat_t_s_.end(), t - 8 * kQrsWidthS);
    for (; it != beat_t_s_.end() && *it < t + 8 * kQrsWidthS; ++it) {
      qrs += std::exp(-std::pow((t - *it) / kQrsWidthS, 2.0)) * 1500.0;
    }
    return static_cast<std::int32_t>(std::lround(qrs + 120.0 * std::sin(2 * M_PI * 1.3 * t) - 40.0));
  }
  static std::int32_t acc_z_at(double t) {
    return static_cast<std::int32_t>(std::lround(980.0 + 25.0 * std::sin(2 * M_PI * 0.1 * t) + 3.0 * std::sin(2 * M_PI * 7.0 * t)));
  }

  void tick(Bytes& out) {
    if (!connected_) return;
    // ECG / ACC frames leave one connection interval after their last sample (on the tick).
    while (ecg_started && ecg_next_s_ + (kEcgPerFrame - 1) / kEcgRateHz + latency_s() <= now_s_) {
      std::vector<std::int32_t> uv;
      for (std::size_t i = 0; i < kEcgPerFrame; ++i) uv.push_back(ecg_at(ecg_next_s_ + static_cast<double>(i) / kEcgRateHz));
      const double last = ecg_next_s_ + (kEcgPerFrame - 1) / kEcgRateHz;
      add(out, bb::kTypePmdData, 0, pmd_ecg_raw(pmd_ns(last), uv));
      ecg_uv.insert(ecg_uv.end(), uv.begin(), uv.end());
      ecg_next_s_ += kEcgPerFrame / kEcgRateHz;
    }
    while (acc_started && acc_next_s_ + (kAccPerFrame - 1) / kAccRateHz + latency_s() <= now_s_) {
      std::vector<Xyz> mg;
      for (std::size_t i = 0; i < kAccPerFrame; ++i) {
        const double t = acc_next_s_ + static_cast<double>(i) / kAccRateHz;
        mg.push_back({static_cast<std::int32_t>(i) - 18, -40, acc_z_at(t)});
        acc_z_mg.push_back(mg.back()[2]);
      }
      const double last = acc_next_s_ + (kAccPerFrame - 1) / kAccRateHz;
      add(out, bb::kTypePmdData, 0, (acc_frames_++ % 2) ? pmd_acc_delta(pmd_ns(last), mg) : pmd_acc_raw(pmd_ns(last), mg));
      acc_next_s_ += kAccPerFrame / kAccRateHz;
    }
    // 1 Hz: HRS notification with the beats of the past second, then the heartbeat.
    const auto second = static_cast<long>(std::floor(now_s_ + 1e-9));
    if (second > last_second_) {
      last_second_ = second;
      std::vector<std::uint16_t> rr;
      while (beats_sent < beat_t_s_.size() && beat_t_s_[beats_sent] <= now_s_) rr.push_back(rr_1024[beats_sent++]);
      add(out, bb::kTypeHrs, 0, hrs_value(70, rr, true, true));
      add(out, bb::kTypeStatus, 0, status());
    }
  }

  /// One BLE connection interval; the 5 ms tick adds the jitter.
  static constexpr double latency_s() { return 0.0075; }

  std::mt19937 rng_;
  std::vector<double> beat_t_s_;
  drivers::CobsFramer framer_{bb::kMinFrame, bb::kMaxFrame};
  std::uint8_t seq_ = 0;
  double now_s_ = 0.0;
  long last_second_ = 0;
  bool connected_ = false;
  double ecg_next_s_ = 0.0;
  double acc_next_s_ = 0.0;
  std::size_t acc_frames_ = 0;
};

}  // namespace resonant::testing::ble
