#include <resonant/engine/session_export.hpp>

#include <stdexcept>
#include <string>
#include <system_error>

#include <resonant/storage/database.hpp>
#include <resonant/storage/session_reader.hpp>

#include "export_formats.hpp"
#include "export_report_data.hpp"
#include "read_only_session.hpp"
#include "session_trend_of.hpp"

namespace resonant::engine {
namespace {

const char* extension(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv: return "";
    case ExportFormat::kKubios: return ".txt";
    case ExportFormat::kEdf: return ".edf";
    case ExportFormat::kJson: return ".json";
    case ExportFormat::kPdf: return ".pdf";
    case ExportFormat::kPng: return ".png";
  }
  return "";
}

/// The file (or, for csv, the stem) to write.
std::filesystem::path target(const ExportRequest& r) {
  std::error_code ec;
  if (std::filesystem::is_directory(r.out, ec)) {
    return r.out / ("session_" + std::to_string(r.session_id) + extension(r.format));
  }
  if (r.format == ExportFormat::kCsv && r.out.extension() == ".csv") {
    return std::filesystem::path(r.out).replace_extension();
  }
  return r.out;
}

storage::StoredSession read(const ExportRequest& r) {
  return detail::read_session_read_only(r.database, r.session_id);
}

exports::ReportData read_report(const ExportRequest& r) {
  storage::Database db = detail::open_database_read_only(r.database);
  return exports::report_data(db, r.session_id, r.deidentify);
}

}  // namespace

std::optional<ExportFormat> parse_export_format(std::string_view text) {
  if (text == "csv") return ExportFormat::kCsv;
  if (text == "kubios") return ExportFormat::kKubios;
  if (text == "edf") return ExportFormat::kEdf;
  if (text == "json") return ExportFormat::kJson;
  if (text == "pdf") return ExportFormat::kPdf;
  if (text == "png") return ExportFormat::kPng;
  return std::nullopt;
}

std::vector<std::filesystem::path> export_session(const ExportRequest& request) {
  if (request.out.empty()) throw std::runtime_error("no output path: give one with --out PATH");
  const std::filesystem::path out = target(request);
  if (request.format == ExportFormat::kPdf) {
    exports::write_report_pdf(read_report(request), out);
    return {out};
  }
  if (request.format == ExportFormat::kPng) {
    exports::write_report_png(read_report(request), out);
    return {out};
  }
  const storage::StoredSession session = read(request);
  switch (request.format) {
    case ExportFormat::kCsv: return exports::write_csv(session, out, request.deidentify);
    case ExportFormat::kKubios: exports::write_kubios(session, out); break;
    case ExportFormat::kEdf: exports::write_edf(session, out, request.deidentify); break;
    case ExportFormat::kJson: {
      storage::Database db = detail::open_database_read_only(request.database);
      exports::write_json(session, trend_of(read_trend_review(db, request.session_id)), out,
                          request.deidentify);
      break;
    }
    case ExportFormat::kPdf:
    case ExportFormat::kPng: break;  // written above
  }
  return {out};
}

}  // namespace resonant::engine
