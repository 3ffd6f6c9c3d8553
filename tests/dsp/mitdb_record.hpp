#pragma once
// One lead of an MIT-BIH Arrhythmia Database record with its reference beat annotations, for the
// EC57 golden tests (mitdb_golden_test.cpp: MLII; mitdb_second_lead_golden_test.cpp: the other
// lead). The annotations were placed on MLII; EC57's 150 ms window absorbs the offset in the
// other lead.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/records/annotations.hpp>

#include "beat_test_helpers.hpp"
#include "ec57_scorer.hpp"
#include "whole_record.hpp"

namespace resonant::dsp::test {

struct MitdbLead {
  double fs = 0.0;
  std::string channel_name;                 // "MLII", "V1", ...
  std::vector<float> ecg_mv;
  std::vector<std::int64_t> beat_samples;   // reference beat annotations only
  std::vector<int> beat_codes;
  std::vector<testing::TimeInterval> vf;    // reference VFON ... VFOFF episodes (none here)
  std::vector<double> beat_times_s() const {
    std::vector<double> t;
    for (const auto s : beat_samples) t.push_back(static_cast<double>(s) / fs);
    return t;
  }
  double duration_s() const { return static_cast<double>(ecg_mv.size()) / fs; }
};

/// Reads lead `channel` of the record (its .hea, .dat or .atr path) and its .atr beats.
inline MitdbLead load_mitdb_lead(const std::filesystem::path& record_file, std::size_t channel) {
  constexpr int kVfOnCode = 32;   // '['
  constexpr int kVfOffCode = 33;  // ']'
  MitdbLead lead;
  auto whole =
      testing::read_whole_record(std::filesystem::path(record_file).replace_extension(".hea"));
  lead.fs = whole.info.frame_rate_hz;
  lead.channel_name = whole.info.channels.at(channel).name;
  lead.ecg_mv = std::move(whole.channels.at(channel));
  double vf_on = -1.0;
  for (const auto& a : records::read_mit_annotations(
           std::filesystem::path(record_file).replace_extension(".atr"))) {
    const double t = static_cast<double>(a.sample) / lead.fs;
    if (records::is_ec57_beat(a.code)) {
      lead.beat_samples.push_back(a.sample);
      lead.beat_codes.push_back(a.code);
    } else if (a.code == kVfOnCode) {
      vf_on = t;
    } else if (a.code == kVfOffCode && vf_on >= 0.0) {
      lead.vf.push_back({vf_on, t});
      vf_on = -1.0;
    }
  }
  return lead;
}

/// Per-record floors of a golden test (percent).
struct Ec57Floors {
  double sensitivity_pct;
  double positive_predictivity_pct;
};

}  // namespace resonant::dsp::test
