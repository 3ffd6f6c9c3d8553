#include <resonant/engine/simulated_record.hpp>

#include <array>
#include <cmath>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <resonant/drivers/sim/person_model.hpp>
#include <resonant/records/annotations.hpp>
#include <resonant/records/record_error.hpp>
#include <resonant/records/wfdb_writer.hpp>

namespace resonant::engine {
namespace {

constexpr double kMaxDurationS = 7.0 * 24.0 * 3600.0;
constexpr int kNormalBeatCode = 1;     // 'N'
constexpr int kPrematureBeatCode = 5;  // 'V'
constexpr std::size_t kFramesPerWrite = 4096;

std::vector<records::WfdbWriterChannel> signals_of(bool belt) {
  std::vector<records::WfdbWriterChannel> out{{"ECG", "mV", 1000.0, 0}, {"PPG", "au", 1000.0, 0}};
  if (belt) out.push_back({"RESP", "au", 1000.0, 0});
  out.push_back({"EDA", "uS", 1000.0, 0});
  return out;
}

}  // namespace

SimulatedRecordResult write_simulated_record(const SimulatedRecordOptions& o,
                                             const ProgressFn& progress) {
  const auto scenario = drivers::sim::parse_scenario(o.scenario);
  if (!scenario) {
    throw std::invalid_argument("unknown scenario \"" + o.scenario + "\"; choose one of " +
                                std::string(drivers::sim::scenario_names()));
  }
  if (!(o.duration_s > 0.0 && o.duration_s <= kMaxDurationS)) {
    throw std::invalid_argument("--duration must be more than 0 and at most 7 days (604800 s)");
  }
  std::filesystem::path header = o.header_path;
  if (header.extension() != ".hea") header += ".hea";
  const std::filesystem::path dir = header.has_parent_path() ? header.parent_path() : ".";
  const std::string name = header.stem().string();

  SimulatedRecordResult result;
  result.header_path = header;
  try {
    const auto signals = signals_of(o.belt);
    const std::size_t channel_count = signals.size();
    records::WfdbWriter writer(dir, name, drivers::sim::kTickRateHz, signals);
    drivers::sim::PersonModel person(*scenario, o.seed);
    if (o.pacer) person.set_pacer(PacerSchedule(*o.pacer, 0.0).current(), true);
    const auto total = static_cast<std::uint64_t>(std::llround(o.duration_s * drivers::sim::kTickRateHz));
    std::vector<float> frames;
    frames.reserve(kFramesPerWrite * channel_count);
    std::vector<drivers::sim::TruthBeat> truth;
    std::vector<records::Annotation> annotations;
    for (std::uint64_t i = 0; i < total; ++i) {
      const auto& t = person.next();
      frames.insert(frames.end(), {t.ecg_mv, t.ppg_au});
      if (o.belt) frames.push_back(t.resp_au);
      frames.push_back(t.eda_us);
      if (frames.size() == kFramesPerWrite * channel_count || i + 1 == total) {
        writer.write_frames(frames);
        frames.clear();
        person.take_beats(truth);
        for (const auto& b : truth) {
          records::Annotation a;
          a.sample = std::llround(b.t_s * drivers::sim::kTickRateHz);
          a.code = b.ectopic ? kPrematureBeatCode : kNormalBeatCode;
          annotations.push_back(a);
        }
        truth.clear();
        if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(total));
      }
    }
    writer.close();
    records::write_mit_annotations(dir / (name + ".atr"), annotations);
    result.frames = total;
    result.beats = annotations.size();
  } catch (const records::RecordError& e) {
    std::error_code ignored;
    for (const char* ext : {".hea", ".dat", ".atr"}) {
      std::filesystem::remove(dir / (name + ext), ignored);
    }
    throw FileSourceError(e.what());
  }
  return result;
}

}  // namespace resonant::engine
