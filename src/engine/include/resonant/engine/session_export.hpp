#pragma once
// Exporting a saved session to files other programs read (resonant-cli export):
//   csv     <stem>_rr.csv (t_s, rr_ms raw, nn_ms corrected, label), <stem>_metrics.csv (t_s and
//           one column per metric: a spreadsheet user plots columns against t_s) and
//           <stem>_markers.csv (t_s, kind, text);
//   kubios  the raw RR intervals (Kubios does its own artifact correction), one a line in ms,
//           plain text without a header, as Kubios HRV imports RR text;
//   edf     EDF+ with every stored waveform channel and the markers, sample gaps and link events
//           as annotations (see export_edf.cpp for data records and gap filling);
//   json    one summary object (session, device, beats, HRV, artifacts, coherence, markers);
//   pdf     the session report a therapist would show a client: A4, two pages (who, when,
//           protocol, summary table, heart rate / coherence / HRV spectrum / RSA-per-breath
//           charts, assessment table, marks, definitions), drawn with cairo;
//   png     the report's first page as an image, 1240 x 1754 (A4 at 150 dpi).
//           Both need beats: a session without any has "nothing to report".
// deidentify: no client name, no absolute dates (EDF+ start 01.01.85, patient "X X X X"), no
// device description (it can hold serial numbers); times are session time, which starts at
// the session's start. A de-identified report names the client by a stable pseudonym
// ("client C-0003": the client's row number in this database) and shows no date.
//
// Every file is created with mode 0600 and atomically: written to a temporary file in the
// same folder, flushed to disk, then renamed, so a failure never leaves a half file under the
// final name. Nothing leaves the machine.
//
// Errors are thrown as std::runtime_error with one message naming the session, format or
// path and what to do. Threading contract: a free function; concurrent calls must not write
// the same paths.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace resonant::engine {

enum class ExportFormat : std::uint8_t { kCsv, kKubios, kEdf, kJson, kPdf, kPng };

inline constexpr std::string_view kExportFormatNames = "csv, kubios, edf, json, pdf, png";
std::optional<ExportFormat> parse_export_format(std::string_view text);

struct ExportRequest {
  std::filesystem::path database;  // the session database (must exist)
  std::int64_t session_id = 0;
  ExportFormat format = ExportFormat::kCsv;
  bool deidentify = false;
  // An existing folder: files named session_<id>... inside it. Otherwise the file (kubios,
  // edf, json, pdf, png) or, for csv, the stem: "out/s1" gives out/s1_rr.csv, ... (a .csv ending is
  // dropped first).
  std::filesystem::path out;
};

/// Writes the export; returns the files written. Throws std::runtime_error.
std::vector<std::filesystem::path> export_session(const ExportRequest& request);

}  // namespace resonant::engine
