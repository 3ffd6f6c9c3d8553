// resonant-cli import: a recording (WFDB, EDF, CSV, RR text) stored as a session for review.
// Prints the new session id alone on stdout (scripts read it); the rest goes to stderr.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include <resonant/engine/session_history.hpp>
#include <resonant/engine/session_import.hpp>

#include "commands.hpp"
#include "piped_input.hpp"

namespace resonant::cli {

int run_import(const ImportOptions& o) {
  try {
    engine::ImportRequest request;
    request.source = o.source;
    request.database = o.db_path.empty() ? engine::default_database_path() : std::filesystem::path(o.db_path);
    request.client = o.client;
    request.source_name = shown_input_text(o.source.path.string());
    const engine::ImportResult r = engine::import_recording(request);
    std::fprintf(stderr, "resonant-cli import: %s -> session %lld for %s: %lld beats, %.1f s\n",
                 shown_input_text(o.source.path.string()).c_str(),
                 static_cast<long long>(r.session_id), o.client.c_str(),
                 static_cast<long long>(r.beats), r.duration_s);
    for (const std::string& note : r.reading_notes) {
      std::fprintf(stderr, "resonant-cli import: note: %s\n", note.c_str());
    }
    std::printf("%lld\n", static_cast<long long>(r.session_id));
    return kExitOk;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli import: %s\n", shown_input_text(e.what()).c_str());
    return kExitFailure;
  }
}

}  // namespace resonant::cli
