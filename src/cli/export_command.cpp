// resonant-cli export: a saved session to CSV, Kubios RR text, EDF+ or a JSON summary.
#include <cstdio>
#include <exception>
#include <filesystem>

#include <resonant/engine/session_export.hpp>
#include <resonant/engine/session_history.hpp>

#include "commands.hpp"

namespace resonant::cli {

int run_export(const ExportOptions& o) {
  const auto format = engine::parse_export_format(o.format);
  if (!format) {
    std::fprintf(stderr, "resonant-cli export: no such format \"%s\": use one of %s\n",
                 o.format.c_str(), std::string(engine::kExportFormatNames).c_str());
    return kExitUsage;
  }
  try {
    engine::ExportRequest request;
    request.database = o.db_path.empty() ? engine::default_database_path() : std::filesystem::path(o.db_path);
    request.session_id = o.session_id;
    request.format = *format;
    request.deidentify = o.deidentify;
    request.out = o.out_path;
    for (const auto& file : engine::export_session(request)) std::printf("%s\n", file.c_str());
    return kExitOk;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli export: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace resonant::cli
