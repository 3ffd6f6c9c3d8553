// Deterministic fuzzing of every parser: thousands of mutated and random inputs must end in
// success or a RecordError (no crash, no other exception, no hang). The libFuzzer target
// tests/fuzz/records_fuzz.cpp runs the same entry point with coverage guidance.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/records/fuzz_target.hpp>
#include <resonant/records/record.hpp>

#include "test_support.hpp"

namespace resonant::records {
namespace {

const std::vector<std::string> kHeaders = {
    "100 2 360 650000\n100.dat 212 200 11 1024 995 -22131 0 MLII\n100.dat 212 200 11 1024 1011 20052 0 V5\n# 69 M\n",
    "a103l 3 250 82500\r\na103l.mat 16+24 7247/mV 16 0 -171 -27403 0 II\r\n"
    "a103l.mat 16+24 1.052e+04/mV 16 0 9127 -301 0 V\r\na103l.mat 16+24 1.253e+04/NU 16 0 6042 -17391 0 PLETH\r\n",
    "03700181 3 125 75000 17:27:45 15/08/1994\n03700181.dat 212x4 2963.77/mV 12 0 67 -11266 0 MCL1\n"
    "03700181.dat 212 12.84(-1605)/mmHg 12 0 -943 -23651 0 ABP\n03700181.dat 212:4 2000 12 0 -304 6310 0 RESP\n",
    "drive17b 3 15.5/1000(3) 23655\nd.dat 16x32 1000 16 0 1 17314 0 ECG\nd.dat 16 1/bpm 16 0 70 -6077 0 HR\n"
    "e.dat 310x2 100 10 0 5001 5408 0 RESP\n",
    "nsr001 0 128 0\n# Age: 64 Sex: F\n",
};

const std::vector<std::string> kTexts = {
    "ECG,PPG,RSP\n0.003,-0.10,0.49\n-0.017,-0.10,0.50\n0.1,0.2,0.3\n",
    "time;ECG\n0;1\n0.004;2\n0.008;3\n",
    "# Simple Text Format\n# Sampling Rate (Hz):= 1000.00\n# Labels:= PPG\n2065.0\n2066.0\n",
    "0.8,0.8\n1.6332869780703303,0.8332869780703304\n2.452351481608744,0.8190645035384136\n",
    "# rr\n800\n812\n790\n",
    "Time_ms\tEDA\tGSR\n0\t1\t2\n10\t\t4\n",
};

std::string mutate(std::string s, std::mt19937& rng) {
  static const std::string kAlphabet = "0123456789 \t\n\r#x:+()/.,;-eE-nanINF\"\xff\x00";
  std::uniform_int_distribution<int> op(0, 5);
  const int edits = std::uniform_int_distribution<int>(1, 8)(rng);
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = s.empty() ? 0 : std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng);
    const char c = kAlphabet[std::uniform_int_distribution<std::size_t>(0, kAlphabet.size() - 1)(rng)];
    switch (op(rng)) {
      case 0: if (!s.empty()) s[at] = c; break;
      case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), c); break;
      case 2: if (!s.empty()) s.erase(at, std::uniform_int_distribution<std::size_t>(1, 6)(rng)); break;
      case 3: s.insert(at, std::to_string(std::uniform_int_distribution<long long>(-1LL << 40, 1LL << 40)(rng))); break;
      case 4: if (!s.empty()) s[at] = static_cast<char>(rng()); break;
      default: s.insert(at, s.substr(at, std::uniform_int_distribution<std::size_t>(0, 20)(rng))); break;
    }
  }
  return s;
}

/// Runs f; fails the test on any exception but RecordError.
template <typename F>
void expect_only_record_errors(const std::string& input, F&& f) {
  try {
    f();
  } catch (const RecordError&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << "non-RecordError exception " << e.what() << " on input:\n" << input;
  }
}

std::vector<std::uint8_t> with_selector(std::uint8_t selector, const std::string& body) {
  std::vector<std::uint8_t> out{selector};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

TEST(RecordsFuzz, MutatedAndRandomParserInputs) {
  std::mt19937 rng(20240531);
  constexpr int kRounds = 4000;
  std::vector<Annotation> ann;
  for (int i = 0; i < 50; ++i) {
    Annotation a;
    a.sample = i * 700 + (i % 7) * 100000;
    a.code = 1 + i % 40;
    a.num = i % 3;
    a.channel = i % 2;
    a.subtype = i % 5;
    if (i % 9 == 0) a.aux = "(AFIB";
    ann.push_back(a);
  }
  const auto encoded = encode_mit_annotations(ann);
  const std::string annotations(encoded.begin(), encoded.end());
  for (int round = 0; round < kRounds; ++round) {
    const auto& header = kHeaders[static_cast<std::size_t>(round) % kHeaders.size()];
    const auto& text = kTexts[static_cast<std::size_t>(round) % kTexts.size()];
    std::string random(static_cast<std::size_t>(rng() % 200), '\0');
    for (auto& ch : random) ch = static_cast<char>(rng());
    const std::vector<std::pair<std::uint8_t, std::string>> inputs = {
        {0, mutate(header, rng)}, {1, mutate(annotations, rng)}, {1, random},
        {2, mutate(text, rng)},   {3, mutate(text, rng)},        {4, mutate(text, rng)},
        {static_cast<std::uint8_t>(rng()), random}};
    for (const auto& [selector, body] : inputs) {
      expect_only_record_errors(body, [&] { fuzz_records_input(with_selector(selector, body)); });
    }
  }
}

TEST(RecordsFuzz, MutatedWfdbRecordsOnDisk) {
  // Headers and signal files together: reads every channel to the end.
  std::mt19937 rng(7);
  resonant::testing::TempDir dir;
  constexpr int kRounds = 400;
  constexpr std::uint64_t kMaxSamplesRead = 1U << 22;  // a hang guard far above what fits
  for (int round = 0; round < kRounds; ++round) {
    std::string header = mutate(kHeaders[static_cast<std::size_t>(round) % kHeaders.size()], rng);
    std::vector<char> data(static_cast<std::size_t>(rng() % 5000));
    for (auto& b : data) b = static_cast<char>(rng());
    for (const char* name : {"100.dat", "a103l.mat", "03700181.dat", "d.dat", "e.dat"}) {
      std::ofstream(dir.path() / name, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
    }
    std::ofstream(dir.path() / "r.hea", std::ios::binary) << header;
    expect_only_record_errors(header, [&] {
      OpenOptions options;
      options.allow_truncated = (round % 2) == 0;
      const auto record = open_record(dir.path() / "r.hea", options);
      std::vector<float> buf(1024);
      for (std::size_t c = 0; c < record->info().channels.size(); ++c) {
        auto reader = record->open_channel(c);
        std::uint64_t total = 0;
        while (const std::size_t n = reader->read(buf)) {
          total += n;
          ASSERT_LE(total, kMaxSamplesRead) << header;
        }
        EXPECT_EQ(total, record->info().channels[c].sample_count) << header;
      }
    });
  }
}

}  // namespace
}  // namespace resonant::records
