// WfdbWriter and the annotation writer round trips; synthetic files in every signal format.
#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>

#include <gtest/gtest.h>

#include <resonant/records/record.hpp>
#include <resonant/records/wfdb_writer.hpp>

#include "test_support.hpp"

namespace resonant::records {
namespace {

namespace fs = std::filesystem;

TEST(RecordsWriter, Format16RoundTripWithChecksums) {
  resonant::testing::TempDir dir;
  constexpr double kRate = 250.0;
  constexpr std::size_t kFrames = 1000;
  {
    WfdbWriter w(dir.path(), "rt", kRate,
                 {{"ECG", "mV", 1000.0, 0}, {"RESP", "NU", 100.0, 50}, {"PLETH", "NU", 2000.0, -10}});
    std::vector<float> frames;
    for (std::size_t i = 0; i < kFrames; ++i) {
      const double t = static_cast<double>(i) / kRate;
      frames.push_back(static_cast<float>(std::sin(2 * std::numbers::pi * t)));
      frames.push_back(i == 10 ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(t));
      frames.push_back(static_cast<float>(1e6));  // clamped to the format's range
    }
    w.write_frames(frames);
  }
  const auto record = open_record(dir.path() / "rt");
  const auto& ch = record->info().channels;
  ASSERT_EQ(ch.size(), 3U);
  EXPECT_EQ(ch[0].kind, SignalKind::ecg);
  EXPECT_EQ(ch[1].kind, SignalKind::resp);
  EXPECT_EQ(ch[2].kind, SignalKind::ppg);
  EXPECT_EQ(ch[1].units, "NU");
  const auto ecg = read_all(*record, 0);
  const auto resp = read_all(*record, 1);
  const auto pleth = read_all(*record, 2);
  ASSERT_EQ(ecg.size(), kFrames);
  for (std::size_t i = 0; i < kFrames; ++i) {
    const double t = static_cast<double>(i) / kRate;
    // Half an ADC step is the most rounding can cost.
    EXPECT_NEAR(ecg[i], std::sin(2 * std::numbers::pi * t), 0.5 / 1000.0 + 1e-6);
    if (i == 10) {
      EXPECT_TRUE(std::isnan(resp[i]));
    } else {
      EXPECT_NEAR(resp[i], t, 0.5 / 100.0 + 1e-6);
    }
    EXPECT_FLOAT_EQ(pleth[i], (32767.0F + 10.0F) / 2000.0F);
  }
  for (const auto& c : ch) EXPECT_EQ(channel_checksum(*record, c.index), *c.checksum) << c.name;
}

TEST(RecordsWriter, AnnotationRoundTripWithAllPseudoCodes) {
  resonant::testing::TempDir dir;
  std::vector<Annotation> in;
  auto add = [&](std::int64_t sample, int code, int sub, int chan, int num, std::string aux) {
    Annotation a;
    a.sample = sample;
    a.code = code;
    a.subtype = sub;
    a.channel = chan;
    a.num = num;
    a.aux = std::move(aux);
    in.push_back(a);
  };
  add(0, 28, 0, 0, 0, "(N");
  add(5, 1, 0, 0, 0, "");
  add(5 + 1023, 5, 2, 1, 0, "");
  add(5 + 1023 + 1024, 1, 0, 1, 3, "odd");            // needs SKIP
  add(3'000'000'000LL / 1000, 8, -1, 0, -2, "");    // SKIP, negative sub and num
  add(3'000'000, 22, 0, 0, -2, "a note with spaces");
  write_mit_annotations(dir.path() / "rt.atr", in);
  const auto out = read_mit_annotations(dir.path() / "rt.atr", 360.0);
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].sample, in[i].sample) << i;
    EXPECT_EQ(out[i].code, in[i].code) << i;
    EXPECT_EQ(out[i].subtype, in[i].subtype) << i;
    EXPECT_EQ(out[i].channel, in[i].channel) << i;
    EXPECT_EQ(out[i].num, in[i].num) << i;
    EXPECT_EQ(out[i].aux, in[i].aux) << i;
    EXPECT_EQ(out[i].symbol, annotation_symbol(in[i].code));
    EXPECT_DOUBLE_EQ(out[i].time_s, static_cast<double>(in[i].sample) / 360.0);
  }
}

// --- every signal format, from bytes written here by hand --------------------------------

void write_bytes(const fs::path& p, const std::vector<std::uint8_t>& b) {
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

std::vector<std::int32_t> digital_of(const Record& r, std::size_t c) {
  auto reader = r.open_channel(c);
  std::vector<std::int32_t> out(r.info().channels[c].sample_count);
  EXPECT_EQ(reader->read_digital(out), out.size());
  return out;
}

/// Writes a record of 3 signals x 1 sample per frame in `format` holding `samples` (frame
/// order) encoded with `encode`, and checks they decode back.
template <typename Encode>
void check_format(int format, const std::vector<std::int32_t>& samples, Encode encode) {
  resonant::testing::TempDir dir;
  write_bytes(dir.path() / "f.dat", encode(samples));
  const std::size_t frames = samples.size() / 3;
  std::ofstream(dir.path() / "f.hea") << "f 3 100 " << frames << "\n"
                                      << "f.dat " << format << " 10(0)/mV 12 0 0 0 0 A\n"
                                      << "f.dat " << format << " 10(0)/mV 12 0 0 0 0 B\n"
                                      << "f.dat " << format << " 10(0)/mV 12 0 0 0 0 C\n";
  const auto record = open_record(dir.path() / "f.hea");
  for (std::size_t c = 0; c < 3; ++c) {
    const auto got = digital_of(*record, c);
    ASSERT_EQ(got.size(), frames) << "format " << format;
    for (std::size_t f = 0; f < frames; ++f) EXPECT_EQ(got[f], samples[f * 3 + c]) << "format " << format << " frame " << f;
  }
}

TEST(RecordsFormats, EveryFormatDecodes) {
  // Three signals: packed formats (212 pairs, 310/311 triples) cross frame boundaries.
  const std::vector<std::int32_t> s10 = {0, 1, -1, 511, -511, 100, -100, 7, 300, 2, -3, 4};
  const std::vector<std::int32_t> s12 = {0, 1, -1, 2047, -2047, 1000, -1000, 7, 300, 2, -3, 4};
  const std::vector<std::int32_t> s16 = {0, 1, -1, 32767, -32767, 1000, -1000, 7, 300, 2, -3, 4};
  check_format(16, s16, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (auto v : s) { b.push_back(static_cast<std::uint8_t>(v & 0xFF)); b.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFF)); }
    return b;
  });
  check_format(61, s16, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (auto v : s) { b.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFF)); b.push_back(static_cast<std::uint8_t>(v & 0xFF)); }
    return b;
  });
  check_format(160, s16, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (auto v : s) { const auto u = static_cast<std::uint32_t>(v + 32768); b.push_back(static_cast<std::uint8_t>(u & 0xFF)); b.push_back(static_cast<std::uint8_t>(u >> 8)); }
    return b;
  });
  check_format(80, {0, 1, -1, 127, -127, 100, -100, 7, 30, 2, -3, 4}, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (auto v : s) b.push_back(static_cast<std::uint8_t>(v + 128));
    return b;
  });
  check_format(24, {0, 1, -1, 8388607, -8388607, 1000, -1000, 7, 300, 2, -3, 4}, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (auto v : s) for (int k = 0; k < 3; ++k) b.push_back(static_cast<std::uint8_t>((static_cast<std::uint32_t>(v) >> (8 * k)) & 0xFF));
    return b;
  });
  check_format(32, {0, 1, -1, 2147483647, -2147483647, 1000, -1000, 7, 300, 2, -3, 4}, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (auto v : s) for (int k = 0; k < 4; ++k) b.push_back(static_cast<std::uint8_t>((static_cast<std::uint32_t>(v) >> (8 * k)) & 0xFF));
    return b;
  });
  check_format(212, s12, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (std::size_t i = 0; i < s.size(); i += 2) {
      const auto a = static_cast<std::uint32_t>(s[i]) & 0xFFF;
      const auto c = static_cast<std::uint32_t>(s[i + 1]) & 0xFFF;
      b.push_back(static_cast<std::uint8_t>(a & 0xFF));
      b.push_back(static_cast<std::uint8_t>(((a >> 8) & 0x0F) | ((c >> 4) & 0xF0)));
      b.push_back(static_cast<std::uint8_t>(c & 0xFF));
    }
    return b;
  });
  check_format(310, s10, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (std::size_t i = 0; i < s.size(); i += 3) {
      const auto x = static_cast<std::uint32_t>(s[i]) & 0x3FF, y = static_cast<std::uint32_t>(s[i + 1]) & 0x3FF,
                 z = static_cast<std::uint32_t>(s[i + 2]) & 0x3FF;
      const std::uint32_t w0 = (x << 1) | ((z & 0x1F) << 11);
      const std::uint32_t w1 = (y << 1) | ((z >> 5) << 11);
      for (auto w : {w0, w1}) { b.push_back(static_cast<std::uint8_t>(w & 0xFF)); b.push_back(static_cast<std::uint8_t>((w >> 8) & 0xFF)); }
    }
    return b;
  });
  check_format(311, s10, [](const auto& s) {
    std::vector<std::uint8_t> b;
    for (std::size_t i = 0; i < s.size(); i += 3) {
      const std::uint32_t w = (static_cast<std::uint32_t>(s[i]) & 0x3FF) | ((static_cast<std::uint32_t>(s[i + 1]) & 0x3FF) << 10) |
                              ((static_cast<std::uint32_t>(s[i + 2]) & 0x3FF) << 20);
      for (int k = 0; k < 4; ++k) b.push_back(static_cast<std::uint8_t>((w >> (8 * k)) & 0xFF));
    }
    return b;
  });
}

TEST(RecordsFormats, InvalidSamplesReadAsNan) {
  resonant::testing::TempDir dir;
  // 212: -2048 (0x800) then 5; format 16 file: -32768 then 5.
  write_bytes(dir.path() / "a.dat", {0x00, 0x08, 0x05});
  write_bytes(dir.path() / "b.dat", {0x00, 0x80, 0x05, 0x00});
  std::ofstream(dir.path() / "r.hea") << "r 2 100 2\n"
                                      << "a.dat 212 200 12 0 0 0 0 A\n"
                                      << "b.dat 16 200 16 0 0 0 0 B\n";
  const auto record = open_record(dir.path() / "r.hea");
  for (std::size_t c = 0; c < 2; ++c) {
    const auto v = read_all(*record, c);
    ASSERT_EQ(v.size(), 2U);
    EXPECT_TRUE(std::isnan(v[0])) << c;
    EXPECT_FLOAT_EQ(v[1], 5.0F / 200.0F) << c;
  }
}

TEST(RecordsMemory, DayLongRecordStreamsInBoundedMemory) {
  // 24 h at 250 Hz, 2 channels, format 16: 86.4 MB of samples, written and read in chunks.
  resonant::testing::TempDir dir;
  constexpr double kRate = 250.0;
  constexpr std::size_t kFrames = static_cast<std::size_t>(24 * 3600 * kRate);
  constexpr std::size_t kChunkFrames = 25000;
  {
    WfdbWriter w(dir.path(), "day", kRate, {{"ECG", "mV", 1000.0, 0}, {"RESP", "NU", 1000.0, 0}});
    std::vector<float> chunk(kChunkFrames * 2);
    for (std::size_t f0 = 0; f0 < kFrames; f0 += kChunkFrames) {
      for (std::size_t k = 0; k < kChunkFrames; ++k) {
        const std::size_t f = f0 + k;
        chunk[2 * k] = static_cast<float>(f % 1000) / 1000.0F;
        chunk[2 * k + 1] = static_cast<float>(f % 250) / 1000.0F;
      }
      w.write_frames(chunk);
    }
  }
  const auto record = open_record(dir.path() / "day.hea");
  ASSERT_EQ(record->info().channels[1].sample_count, kFrames);
  auto reader = record->open_channel(1);
  std::vector<float> buf(4096);
  std::size_t at = 0;
  std::size_t wrong = 0;
  while (const std::size_t n = reader->read(buf)) {
    for (std::size_t i = 0; i < n; ++i, ++at) wrong += std::abs(buf[i] - static_cast<float>(at % 250) / 1000.0F) > 1e-6F;
  }
  EXPECT_EQ(at, kFrames);
  EXPECT_EQ(wrong, 0U);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  std::printf("[ memory ] 24 h x 250 Hz x 2 channels (%.1f MB of samples) written and streamed: "
              "peak RSS %.1f MB\n", static_cast<double>(kFrames) * 4 / 1e6, peak_mb);
  // Holding one channel alone would take 86 MB as float; the whole test stays far below.
  EXPECT_LT(peak_mb, 60.0);
}

}  // namespace
}  // namespace resonant::records
