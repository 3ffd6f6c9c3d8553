#pragma once
// The export writers behind session_export.hpp, one per format (internal to the engine).
// Each takes a session read back from the database and writes through PrivateFile.
#include <filesystem>
#include <string>

#include <resonant/engine/session_trends.hpp>
#include <resonant/storage/session_reader.hpp>

namespace resonant::engine::exports {

inline constexpr double kMicrosecondsPerSecond = 1e6;

inline double seconds(std::int64_t t_us) { return static_cast<double>(t_us) / kMicrosecondsPerSecond; }

/// What a de-identified export keeps of a marker's text: a person's own mark stays; link and
/// stream texts (ports, device names, serial numbers) are reduced to their first word.
std::string marker_text(const storage::StoredMarker& m, bool deidentify);

/// stem_rr.csv, stem_metrics.csv, stem_markers.csv.
std::vector<std::filesystem::path> write_csv(const storage::StoredSession& s, const std::filesystem::path& stem,
                                             bool deidentify);
void write_kubios(const storage::StoredSession& s, const std::filesystem::path& path);
void write_edf(const storage::StoredSession& s, const std::filesystem::path& path, bool deidentify);
/// trend: the session's trend figures (session_trends.hpp), for the rhythm check's verdict.
void write_json(const storage::StoredSession& s, const SessionTrend& trend,
                const std::filesystem::path& path, bool deidentify);

// The session report (export_report.cpp): A4 PDF of two pages, and its first page as a PNG of
// A4 at 150 dpi.
inline constexpr int kReportPngWidthPx = 1240;
inline constexpr int kReportPngHeightPx = 1754;
struct ReportData;
void write_report_pdf(const ReportData& d, const std::filesystem::path& path);
void write_report_png(const ReportData& d, const std::filesystem::path& path);

}  // namespace resonant::engine::exports
