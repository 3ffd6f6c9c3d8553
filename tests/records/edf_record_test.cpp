// EDF+/BDF+ round trips: files written with EDFlib's own writer, read back through open_record.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>

#include <edflib.h>
#include <gtest/gtest.h>

#include <resonant/records/edf_layout.hpp>
#include <resonant/records/record.hpp>

#include "record_error_expect.hpp"
#include "test_support.hpp"

namespace resonant::records {
namespace {

namespace fs = std::filesystem;

constexpr int kEcgRateHz = 256;
constexpr int kRespRateHz = 32;
constexpr int kSeconds = 10;
constexpr double kPhysMax = 5.0;  // mV

double ecg_value(int i) { return 4.0 * std::sin(2 * std::numbers::pi * 1.3 * i / kEcgRateHz); }
double resp_value(int i) { return 1.0 + std::cos(2 * std::numbers::pi * 0.25 * i / kRespRateHz); }

/// Writes a 2-signal EDF+ (or BDF+) file with one annotation; returns the digital maximum.
int write_file(const std::filesystem::path& path, int filetype) {
  const int handle = edfopen_file_writeonly(path.c_str(), filetype, 2);
  EXPECT_GE(handle, 0);
  const int dig_max = filetype == EDFLIB_FILETYPE_BDFPLUS ? 8388607 : 32767;
  const char* labels[] = {"ECG", "Resp chest"};
  const int rates[] = {kEcgRateHz, kRespRateHz};
  for (int s = 0; s < 2; ++s) {
    EXPECT_EQ(edf_set_samplefrequency(handle, s, rates[s]), 0);
    EXPECT_EQ(edf_set_physical_maximum(handle, s, kPhysMax), 0);
    EXPECT_EQ(edf_set_physical_minimum(handle, s, -kPhysMax), 0);
    EXPECT_EQ(edf_set_digital_maximum(handle, s, dig_max), 0);
    EXPECT_EQ(edf_set_digital_minimum(handle, s, -dig_max), 0);
    EXPECT_EQ(edf_set_label(handle, s, labels[s]), 0);
    EXPECT_EQ(edf_set_physical_dimension(handle, s, "mV"), 0);
  }
  std::vector<double> ecg(kEcgRateHz), resp(kRespRateHz);
  for (int sec = 0; sec < kSeconds; ++sec) {
    for (int i = 0; i < kEcgRateHz; ++i) ecg[static_cast<std::size_t>(i)] = ecg_value(sec * kEcgRateHz + i);
    for (int i = 0; i < kRespRateHz; ++i) resp[static_cast<std::size_t>(i)] = resp_value(sec * kRespRateHz + i);
    EXPECT_EQ(edfwrite_physical_samples(handle, ecg.data()), 0);
    EXPECT_EQ(edfwrite_physical_samples(handle, resp.data()), 0);
  }
  // Onset and duration in units of 100 µs (EDFlib's writer).
  EXPECT_EQ(edfwrite_annotation_utf8(handle, 25000, 10000, "stimulus on"), 0);
  EXPECT_EQ(edfclose_file(handle), 0);
  return dig_max;
}

void check_file(const std::filesystem::path& path, Format format, int dig_max) {
  const auto record = open_record(path);
  const RecordInfo& info = record->info();
  EXPECT_EQ(info.format, format);
  ASSERT_EQ(info.channels.size(), 2U);  // the annotation signal is hidden
  EXPECT_EQ(info.channels[0].name, "ECG");
  EXPECT_EQ(info.channels[0].kind, SignalKind::ecg);
  EXPECT_EQ(info.channels[0].units, "mV");
  EXPECT_EQ(info.channels[1].kind, SignalKind::resp);
  EXPECT_DOUBLE_EQ(info.channels[0].sample_rate_hz, kEcgRateHz);
  EXPECT_DOUBLE_EQ(info.channels[1].sample_rate_hz, kRespRateHz);
  EXPECT_EQ(info.channels[0].sample_count, static_cast<std::uint64_t>(kEcgRateHz * kSeconds));
  ASSERT_EQ(info.events.size(), 1U);
  EXPECT_DOUBLE_EQ(info.events[0].onset_s, 2.5);
  EXPECT_DOUBLE_EQ(info.events[0].duration_s, 1.0);
  EXPECT_EQ(info.events[0].text, "stimulus on");
  // Values agree to the digital resolution: one step of (phys range / digital range), because
  // EDFlib's writer truncates physical values to digital ones (it does not round), plus float
  // rounding of the value we return.
  const double step = (2 * kPhysMax) / (2.0 * dig_max);
  const double tolerance = step + 1e-6;
  // Two readers interleaved on the shared EDFlib handle, in odd chunk sizes.
  auto ecg = record->open_channel(0);
  auto resp = record->open_channel(1);
  std::vector<float> a(37), b(5);
  int ia = 0, ib = 0;
  double worst = 0;
  while (true) {
    const std::size_t na = ecg->read(a);
    const std::size_t nb = resp->read(b);
    for (std::size_t k = 0; k < na; ++k) worst = std::max(worst, std::abs(a[k] - ecg_value(ia++)));
    for (std::size_t k = 0; k < nb; ++k) worst = std::max(worst, std::abs(b[k] - resp_value(ib++)));
    if (na == 0 && nb == 0) break;
  }
  EXPECT_EQ(ia, kEcgRateHz * kSeconds);
  EXPECT_EQ(ib, kRespRateHz * kSeconds);
  std::printf("[ edf ] %s: worst error %.3g mV, tolerance %.3g mV\n", std::string(format_name(format)).c_str(),
              worst, tolerance);
  EXPECT_LE(worst, tolerance);
  std::vector<std::int32_t> digital(3);
  ASSERT_EQ(record->open_channel(0)->read_digital(digital), 3U);
  EXPECT_EQ(digital[0], 0);
}

TEST(RecordsEdf, EdfPlusRoundTrip) {
  resonant::testing::TempDir dir;
  const auto path = dir.path() / "rt.edf";
  const int dig_max = write_file(path, EDFLIB_FILETYPE_EDFPLUS);
  check_file(path, Format::edf_plus, dig_max);
}

TEST(RecordsEdf, BdfPlusRoundTrip) {
  resonant::testing::TempDir dir;
  const auto path = dir.path() / "rt.bdf";
  const int dig_max = write_file(path, EDFLIB_FILETYPE_BDFPLUS);
  check_file(path, Format::bdf_plus, dig_max);
}

// EDFlib calls a file cut short "format errors"; the message says it is truncated, with the
// sizes, for EDF (2 bytes a sample) and BDF (3).
TEST(RecordsEdf, ATruncatedFileSaysSoWithItsSizes) {
  resonant::testing::TempDir dir;
  for (const auto& [name, type] : {std::pair{"cut.edf", EDFLIB_FILETYPE_EDFPLUS},
                                   std::pair{"cut.bdf", EDFLIB_FILETYPE_BDFPLUS}}) {
    const auto path = dir.path() / name;
    write_file(path, type);
    const std::uintmax_t whole = fs::file_size(path);
    ASSERT_EQ(edf_size_from_header(path), whole) << name;
    fs::resize_file(path, whole - 1000);
    const std::string m = error_of([&] { open_record(path); });
    std::printf("[ error ] %s\n", m.c_str());
    expect_contains(m, {name, "truncated", std::to_string(whole), std::to_string(whole - 1000)});
  }
}

TEST(RecordsEdf, BrokenFileIsARecordError) {
  resonant::testing::TempDir dir;
  const auto path = dir.path() / "broken.edf";
  // The EDF magic and a 256-byte header block of nonsense.
  std::ofstream(path) << "0       this is not really an EDF header" << std::string(400, ' ');
  try {
    open_record(path);
    FAIL() << "expected a RecordError";
  } catch (const RecordError& e) {
    const std::string m = e.what();
    std::printf("[ error ] %s\n", m.c_str());
    EXPECT_NE(m.find("broken.edf"), std::string::npos) << m;
    EXPECT_NE(m.find("format errors"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace resonant::records
