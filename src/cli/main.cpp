// resonant-cli: everything Resonant does, without a window.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

#include <resonant/common/pacer.hpp>
#include <resonant/engine/session_history.hpp>
#include <resonant/engine/source_spec.hpp>

#include "commands.hpp"
#include "piped_input.hpp"

namespace {

constexpr const char* kVersion = "0.1.0";

// --client NAME, checked before a session or an import starts (storage refused a bad name
// only when saving began: a live session then ran unsaved).
const CLI::Validator client_name(
    [](const std::string& name) { return resonant::engine::client_name_problem(name); },
    "NAME");

constexpr const char* kFileHelp =
    "FILE: a WFDB record (.hea, or its .dat/.mat, or the record name), EDF/EDF+/BDF, CSV with a "
    "header row (columns by name), a text table, or an RR-interval list (ms or s, one a line).";
// beats and bench detect beats in a waveform: an RR list has none to detect.
constexpr const char* kWaveformFileHelp =
    "FILE: a WFDB record (.hea, or its .dat/.mat, or the record name), EDF/EDF+/BDF, CSV with a "
    "header row (columns by name) or a text table, with an ECG or PPG channel.";

/// The options every file command shares; signal/units are parsed after CLI11 is done.
struct FileOptionText {
  std::string signal = "auto";
  std::string rr_units = "auto";
};

/// rr_lists: the command also reads RR-interval lists (analyze, import), not only waveforms.
void add_file_options(CLI::App* cmd, resonant::engine::FileSource& source, FileOptionText& text,
                      bool rr_lists = true) {
  cmd->add_option("FILE", source.path, "the recording to read; - reads it from a pipe")
      ->required();
  cmd->add_option("--channel", source.channel,
                  "channel by name (e.g. MLII, ECG) or number from 0; default: the first ECG, "
                  "else PPG channel");
  cmd->add_option("--signal", text.signal,
                  "what the channel holds: auto, " +
                      (rr_lists ? std::string(resonant::engine::kSignalChoiceNames)
                                : std::string("ecg or ppg")))
      ->capture_default_str();
  cmd->add_option("--rate", source.sample_rate_hz,
                  "sample rate in Hz for text tables without a time column (e.g. NeuroKit CSV, "
                  "or a sensor's column of samples without a header)");
  if (rr_lists) {
    cmd->add_option("--rr-units", text.rr_units,
                    "RR-interval lists: auto, ms or s (ms or s: a bare column that repeats like "
                    "a sampled wave holds intervals, with no note)")
        ->capture_default_str();
  }
  cmd->add_flag("--allow-truncated", source.allow_truncated,
                "read what a short WFDB signal file holds instead of stopping");
}

/// Runs a file command; a recording given as "-" or through a pipe is copied first.
template <typename Options, typename Run>
int run_file_command(const char* command, Options& options, Run run) {
  try {
    const resonant::cli::PipedInput piped(options.source.path);
    return run(options);
  } catch (const resonant::cli::PipedInputError& e) {
    std::fprintf(stderr, "resonant-cli %s: %s\n", command, e.what());
    return resonant::cli::kExitFailure;
  }
}

/// analyze and import: beats from a WFDB annotation file instead of a detector.
void add_annotation_option(CLI::App* cmd, resonant::engine::FileSource& source) {
  cmd->add_option("--annotations", source.annotator,
                  "WFDB records: take the beats from this annotation file (e.g. atr for "
                  "<record>.atr) instead of detecting them; the intervals between normal beats "
                  "(N, and L, R, B: sinus beats with bundle-branch block) are used, those next "
                  "to any other beat left out. Used by itself when the record has no signal "
                  "channels (nsr2db)");
}

/// false (with a message) when --signal or --rr-units is not a known word.
bool finish_file_options(const char* command, resonant::engine::FileSource& source,
                         const FileOptionText& text) {
  const auto signal = resonant::engine::parse_signal_choice(text.signal);
  if (!signal) {
    std::fprintf(stderr, "resonant-cli %s: --signal must be one of auto, %s (got \"%s\")\n",
                 command, std::string(resonant::engine::kSignalChoiceNames).c_str(),
                 text.signal.c_str());
    return false;
  }
  const auto units = resonant::engine::parse_rr_units(text.rr_units);
  if (!units) {
    std::fprintf(stderr, "resonant-cli %s: --rr-units must be auto, ms or s (got \"%s\")\n",
                 command, text.rr_units.c_str());
    return false;
  }
  source.signal = *signal;
  source.rr_units = *units;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace resonant::cli;
  // Past a file size limit (ulimit -f) a write then fails with EFBIG, which storage and the
  // exports turn into one clear message; by default the signal would kill us without a word.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{
      "resonant-cli: the Resonant breathing trainer without a window.\n"
      "Resonant is a training aid for slow breathing with heart-rate feedback, not a medical "
      "device."};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);
  const std::string scenarios = std::string(resonant::engine::scenario_names());

  SimulateOptions sim;
  auto* simulate = app.add_subcommand(
      "simulate",
      "Offer the simulated person as a serial device on a pseudo-terminal (--pty; path printed "
      "on the first line). It waits for a host to send START, then streams ECG, PPG, belt (not "
      "with --no-belt) and skin conductance in the Resonant protocol. Or write it to a recording (--record).");
  simulate->add_flag("--pty", sim.pty, "offer the person on a pseudo-terminal");
  simulate->add_option("--record", sim.record_path,
                       "instead, write --duration seconds as a WFDB record (PATH.hea, .dat with "
                       "ECG, PPG, RESP (not with --no-belt), EDA at 250 Hz, and true beats in "
                       "PATH.atr) as fast as possible");
  simulate->add_option("--speed", sim.speed, "x real time, 0.1..100")->capture_default_str();
  simulate->add_option("--seed", sim.seed, "same seed, same person and same run")->capture_default_str();
  simulate->add_option("--scenario", sim.scenario, "one of: " + scenarios)->capture_default_str();
  simulate->add_option("--duration", sim.duration_s, "seconds of model time, then close (0 = until Ctrl-C)")
      ->capture_default_str();
  simulate->add_option("--truth", sim.truth_path, "write ground-truth beat times (s, one per line)");
  simulate->add_option("--truth-events", sim.truth_events_path,
                       "write ground-truth artifact and arousal labels (CSV)");
  simulate->add_option("--pacer-bpm", sim.pacer_bpm,
                       "the person follows a pacer at this rate (default: breathes freely)");
  simulate->add_flag("--no-belt", sim.no_belt, resonant::engine::kNoBeltHelp);

  SessionOptions ses;
  auto* session = app.add_subcommand(
      "session",
      "A live session in the terminal: one line per beat (time, HR, RR, RMSSD) and a summary.\n"
      "RMSSD shows once its 64 s window holds 30 s of beats (\"--\" until then).\n"
      "When the signal is poor (or the sensor is off the skin) a line says feedback paused,\n"
      "why and what to do; another says when it resumes.\n"
      "A sensor check line per channel comes in the first seconds (\"Breathing belt: good\");\n"
      "later a line says when another channel (belt, skin conductance, a pulse sensor beside\n"
      "the ECG) turns poor, with what to do, and when it is back. What the device marks as\n"
      "off the skin is never a beat, and no interval spans it.\n"
      "Exit codes: 0 done, 1 the device could not be used, 2 usage error, 3 the sensor was lost.");
  session->add_option("--port", ses.port, "serial device, e.g. /dev/ttyUSB0 or a pty");
  session->add_option("--protocol", ses.protocol,
                      "device protocol: " + std::string(resonant::engine::supported_protocols()))
      ->capture_default_str();
  session->add_flag("--simulate", ses.simulate, "use the built-in simulated person (through a pty)");
  session->add_option("--speed", ses.speed, "simulated person or replay: x real time, 0.1..100")
      ->capture_default_str();
  session->add_option("--replay", ses.replay_id,
                      "play a saved session (its id from resonant-cli sessions) through the "
                      "pipeline again; not saved again unless --save");
  session->add_flag("--save", ses.save_replay, "with --replay: save the replay as a new session");
  session->add_option("--seed", ses.seed, "simulated person: seed")->capture_default_str();
  session->add_option("--scenario", ses.scenario, "simulated person: one of: " + scenarios)
      ->capture_default_str();
  session->add_flag("--no-belt", ses.no_belt, resonant::engine::kNoBeltHelp);
  session->add_option("--truth", ses.truth_path, "simulated person: write ground-truth beat times");
  session->add_option("--truth-events", ses.truth_events_path,
                      "simulated person: write artifact and arousal labels (CSV)");
  session->add_option("--duration", ses.duration_s, "seconds of data, then stop (0 = until Ctrl-C)")
      ->capture_default_str();
  session->add_flag("--json-lines", ses.json_lines, "one JSON object per line instead of text");
  session->add_option("--pacer-bpm", ses.pacer_bpm, "breathing pacer rate, 3..10 breaths/min")
      ->capture_default_str();
  session->add_flag("--no-pacer", ses.pacer_off, "no pacer: breathe freely");
  session->add_option("--pacer-inhale-fraction", ses.pacer_inhale_fraction,
                      "inhale share of the breath, 0.2..0.8 (0.4 = in 40 : out 60)")
      ->check(CLI::Range(resonant::kPacerMinInhaleFraction, resonant::kPacerMaxInhaleFraction))
      ->capture_default_str();
  session->add_option("--pacer-hold-in", ses.pacer_hold_in_s, "hold after the inhale, 0..10 s")
      ->check(CLI::Range(0.0, resonant::kPacerMaxHoldS));
  session->add_option("--pacer-hold-out", ses.pacer_hold_out_s, "hold after the exhale, 0..10 s")
      ->check(CLI::Range(0.0, resonant::kPacerMaxHoldS));
  session->add_option("--pacer-preset", ses.pacer_preset,
                      "start with a pacer preset (see: resonant-cli presets)");
  session->add_option("--pacer-ramp", ses.pacer_ramp_bpm,
                      "start at the measured breathing rate and slow toward this rate "
                      "(breaths/min) while the person keeps up");
  session->add_option("--reconnect-timeout", ses.reconnect_timeout_s,
                      "end the session when the sensor has sent no data for this many seconds "
                      "(lost, silent, or never started)")
      ->capture_default_str();
  const std::string db_help =
      "session database (SQLite, created with mode 0600); default: "
      "$XDG_DATA_HOME/resonant/resonant.db (~/.local/share/resonant/resonant.db)";
  session->add_option("--db", ses.db_path, db_help);
  session->add_flag("--no-save", ses.no_save, "do not save this session");
  session->add_option("--client", ses.client, "whose session it is (created if new)")
      ->capture_default_str()
      ->check(client_name);

  session->add_option("--protocol-file", ses.protocol_file,
                      "run a session protocol (TOML: steps with pacer, instruction, feedback); "
                      "the session ends when it does");
  session->add_option("--protocol-name", ses.protocol_name,
                      "run a shipped or user protocol by name (resonant-cli protocols lists them)");
  session->add_flag("--flow", ses.flow,
                    "guided session: resting baseline (no pacer), practice with the pacer, then "
                    "the debrief (baseline against practice, self-ratings); the session ends with it");
  session->add_option("--baseline-min", ses.baseline_min, "--flow: baseline minutes, 0..60 (0 = none)")
      ->capture_default_str();
  session->add_option("--practice-min", ses.practice_min, "--flow: practice minutes, up to 60")
      ->capture_default_str();
  session->add_option("--rate-before", ses.rate_before, "--flow: self-ratings 0..10, e.g. calm=7,tension=4");
  session->add_option("--rate-after", ses.rate_after, "--flow: self-ratings 0..10 after the practice");
  session->add_flag("--json", ses.json, "--flow: print the debrief as one JSON object");
  session->add_option("--mark", ses.marks,
                      "office mode, repeatable: SECONDS:LABEL starts an exercise block at that "
                      "session time, SECONDS:LABEL:end ends it, SECONDS:TEXT:note is a plain "
                      "note; the blocks' response cards (delta HR, delta RSA, return to "
                      "baseline) are printed at the end");
  session->add_option("--resonance-bpm", ses.resonance_bpm,
                      "the client's resonance rate for protocol steps at the client's rate "
                      "(default: from the client's newest stored assessment)");
  session->add_option("--time-limit-min", ses.time_limit_min,
                      "with a protocol that fades out: fade out early enough to end by this many "
                      "minutes (overrides the protocol's time_limit_min)")
      ->check(CLI::Range(1.0, 240.0));
  session->add_option("--stop-protocol-at", ses.stop_protocol_at_s,
                      "stop the protocol at this session time in seconds (as leaving bedtime mode "
                      "does): its end is recorded, the pacer keeps its rate and the session goes on "
                      "(to --duration or Ctrl-C)")
      ->option_text("SECONDS")
      ->check(CLI::PositiveNumber);

  ProtocolsOptions protocols_opt;
  auto* protocols = app.add_subcommand(
      "protocols",
      "List the session protocols (shipped, and the user's own in the data folder's "
      "protocols/): name, steps, total duration, file.");
  protocols->add_flag("--json", protocols_opt.json, "one JSON object instead of text");

  PresetsOptions presets_opt;
  auto* presets = app.add_subcommand(
      "presets", "List the pacer presets (built-in and your own), or save one of your own");
  presets->add_option("--db", presets_opt.db_path,
                      "database with the client's assessments (for \"my resonance rate\")");
  presets->add_option("--client", presets_opt.client, "whose resonance rate")->capture_default_str();
  auto* presets_save = presets->add_subcommand("save", "Save (or replace) a preset of your own");
  presets_save->add_option("name", presets_opt.save_name, "preset name")->required();
  presets_save->add_option("--bpm", presets_opt.rate_bpm, "breaths per minute, 3..10")
      ->capture_default_str();
  presets_save->add_option("--inhale-fraction", presets_opt.inhale_fraction,
                           "inhale share of the breath, 0.2..0.8 (0.4 = 40:60)")
      ->capture_default_str();
  presets_save->add_option("--hold-in", presets_opt.hold_after_inhale_s, "hold after inhale, s");
  presets_save->add_option("--hold-out", presets_opt.hold_after_exhale_s, "hold after exhale, s");
  presets_save->add_option("--ramp-to", presets_opt.ramp_to_bpm,
                           "slow toward this rate while keeping up (0 = no ramp)");

  SettingsOptions settings_opt;
  auto* settings = app.add_subcommand(
      "settings",
      "The dashboard's settings ($XDG_CONFIG_HOME/resonant/settings.toml): list them, get one, "
      "or set one (theme, font_scale, reduced_motion, pacer_shape, bedtime_minutes, ...)");
  settings->add_option("ACTION", settings_opt.action, "list, get KEY or set KEY VALUE")
      ->check(CLI::IsMember({"list", "get", "set"}));
  settings->add_option("KEY", settings_opt.key, "a setting's name (see: settings list)");
  settings->add_option("VALUE", settings_opt.value, "the new value (set)");

  SessionsOptions sessions_opt;
  auto* sessions = app.add_subcommand(
      "sessions",
      "List the saved sessions, newest first: start, duration, status (complete, recovered "
      "after a crash, partial when saving stopped), beats, mean HR, RMSSD.");
  sessions->add_option("--db", sessions_opt.db_path, db_help);
  sessions->add_option("--client", sessions_opt.client, "only this client's sessions");
  sessions->add_flag("--json", sessions_opt.json, "one JSON object instead of text");

  TrendsOptions trends_opt;
  auto* trends = app.add_subcommand(
      "trends",
      "A client's progress, oldest session first: duration, practice minutes (pacer on), "
      "resting lnRMSSD, mean coherence, time in coherence, resonance rate; then practice "
      "minutes per ISO week.");
  trends->add_option("--db", trends_opt.db_path, db_help);
  trends->add_option("--client", trends_opt.client, "only this client's sessions");
  trends->add_flag("--json", trends_opt.json, "one JSON object instead of text");

  ImportOptions import_opt;
  FileOptionText import_text;
  auto* import_cmd = app.add_subcommand(
      "import",
      "Store a recording (WFDB, EDF, CSV or an RR-interval text file) as a session for review: "
      "it runs through the live pipeline at full speed and is saved marked as imported. "
      "Prints the new session id.");
  add_file_options(import_cmd, import_opt.source, import_text);
  add_annotation_option(import_cmd, import_opt.source);
  import_cmd->add_option("--db", import_opt.db_path, db_help);
  import_cmd->add_option("--client", import_opt.client, "whose session it is (created if new)")
      ->capture_default_str()
      ->check(client_name);

  ClientsOptions clients_opt;
  auto* clients = app.add_subcommand(
      "clients",
      "List the clients whose sessions are kept (\"me\" for self-practice), add one, or "
      "delete one with all their data.");
  clients->add_option("--db", clients_opt.db_path, db_help);
  clients->add_flag("--json", clients_opt.json, "one JSON object instead of text");
  clients->fallthrough();  // --db after "add NAME" / "delete NAME" belongs to clients
  auto* clients_add = clients->add_subcommand("add", "Add a client");
  clients_add->add_option("NAME", clients_opt.add_name, "the client's name")->required();
  auto* clients_delete = clients->add_subcommand(
      "delete", "Delete a client and all their sessions and recordings (asks for --yes)");
  clients_delete->add_option("NAME", clients_opt.delete_name, "the client's name")->required();
  clients_delete->add_flag("--yes", clients_opt.yes, "really delete (otherwise only say what would go)");

  ExportOptions export_opt;
  auto* export_cmd = app.add_subcommand(
      "export",
      "Export a saved session: csv (<stem>_rr.csv with raw RR, corrected NN and artifact label; "
      "_metrics.csv; _markers.csv), kubios (the raw RR intervals in ms, one a line: Kubios does "
      "its own correction), edf (EDF+ with every waveform channel, markers and gaps as "
      "annotations), json (a summary), pdf (a two-page A4 session report with charts) or png "
      "(the report's first page, 1240 x 1754). Files are created with mode 0600.");
  export_cmd->add_option("SESSION", export_opt.session_id, "the session id (resonant-cli sessions)")
      ->required();
  export_cmd->add_option("--format", export_opt.format, "csv, kubios, edf, json, pdf or png")->required();
  export_cmd->add_flag("--deidentify", export_opt.deidentify,
                       "no client name, no dates (EDF+ anonymous 01.01.85), no device details; "
                       "times from the session's start; reports name a pseudonym (client C-0003)");
  export_cmd->add_option("--out", export_opt.out_path,
                         "the file (csv: the stem, e.g. out/s1 gives out/s1_rr.csv, ...), or a "
                         "folder for session_<id>...")
      ->required();
  export_cmd->add_option("--db", export_opt.db_path, db_help);

  CardsOptions cards_opt;
  auto* cards_cmd = app.add_subcommand(
      "cards",
      "Office mode: the response cards of a saved session's exercise blocks (marked with "
      "session --mark or the dashboard's markers strip): delta HR, delta RSA amplitude, time "
      "back to baseline.");
  cards_cmd->add_option("SESSION", cards_opt.session_id, "the session id (resonant-cli sessions)")
      ->required();
  cards_cmd->add_flag("--json", cards_opt.json, "one JSON object per card");
  cards_cmd->add_option("--db", cards_opt.db_path, db_help);

  DevicesOptions devices_opt;
  auto* devices = app.add_subcommand(
      "devices",
      "List serial ports (USB-serial, USB CDC, Bluetooth /dev/rfcomm*) with their USB details and "
      "the sensor protocol probably behind each, and the protocols Resonant reads. Opens nothing.");
  devices->add_flag("--json", devices_opt.json, "one JSON object instead of text");

  BeatsOptions beats_opt;
  FileOptionText beats_text;
  auto* beats = app.add_subcommand(
      "beats",
      std::string("Detect heart beats in an ECG or PPG channel of a recording: one beat per line, "
                  "as the sample index in that channel's sampling frequency.\n") +
          kWaveformFileHelp);
  add_file_options(beats, beats_opt.source, beats_text, false);
  beats->add_flag("--causal", beats_opt.causal,
                  "use exactly the live detector (no look-ahead), as in a session");
  beats->add_option("--out", beats_opt.out_path, "write the beats to this file instead of stdout");

  AnalyzeOptions analyze_opt;
  FileOptionText analyze_text;
  auto* analyze = app.add_subcommand(
      "analyze",
      std::string("Analyse a recording: beats, artifact correction, heart-rate variability "
                  "(time, frequency, nonlinear), respiration (breath by breath from a belt), "
                  "skin conductance (level and responses), coherence, arousal and signal "
                  "quality. A belt or skin-conductance channel is analysed on its own with "
                  "--signal resp or eda, or when the record has no heart channel. A training "
                  "aid's figures, not a diagnosis.\n") + kFileHelp);
  analyze->alias("analyse");  // the help's own (British) spelling
  add_file_options(analyze, analyze_opt.source, analyze_text);
  analyze->get_option("--channel")
      ->description("channel by name (e.g. MLII, ECG) or number from 0; default: the first ECG, "
                    "else PPG, else breathing belt, else skin-conductance channel");
  add_annotation_option(analyze, analyze_opt.source);
  analyze->add_flag("--json", analyze_opt.json, "one JSON object instead of the readable report");
  analyze->add_option("--baseline", analyze_opt.baseline_s,
                      "seconds at the start taken as the resting baseline for the arousal index")
      ->capture_default_str();
  analyze->add_option("--spectrum", analyze_opt.spectrum,
                      "HRV spectrum: welch (4 Hz cubic resampling, smoothness-priors detrending, "
                      "Welch 256 s Hann, as Kubios) or lomb (Lomb-Scargle on the uneven series)")
      ->check(CLI::IsMember({"welch", "lomb"}))
      ->capture_default_str();
  analyze->add_option("--detrend", analyze_opt.detrend,
                      "before the spectrum: priors (smoothness priors, lambda 500, as Kubios), "
                      "linear, or none")
      ->check(CLI::IsMember({"priors", "linear", "none"}))
      ->capture_default_str();
  analyze->add_option("--segments", analyze_opt.segment_s,
                      "average the HRV spectrum over consecutive segments of this many seconds "
                      "(300 = Task Force long-term analysis of 24-hour records), 60-3600; "
                      "0 = one spectrum of the whole record")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            const double v = std::strtod(text.c_str(), nullptr);
            return v == 0.0 || (v >= 60.0 && v <= 3600.0)
                       ? std::string()
                       : "0, or 60 to 3600 seconds (a spectrum needs a minute)";
          },
          "0 or 60-3600"))
      ->capture_default_str();
  analyze->add_option("--resonance", analyze_opt.resonance_protocol,
                      "score a resonance-frequency assessment: START_S (the standard protocol "
                      "6.5, 6, 5.5, 5, 4.5 breaths/min from that second) or segments "
                      "\"START-END@RATE,...\" in seconds and breaths/min");

  BenchOptions bench_opt;
  FileOptionText bench_text;
  auto* bench = app.add_subcommand(
      "bench",
      std::string("Measure offline beat detection + full HRV throughput on a recording "
                  "(samples/s and x real time; the file is read once, before timing).\n") +
          kWaveformFileHelp);
  add_file_options(bench, bench_opt.source, bench_text, false);
  bench->add_option("--repeat", bench_opt.repetitions, "timed repetitions (the best is reported)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (simulate->parsed()) return run_simulate(sim);
  if (session->parsed()) return run_session(ses);
  if (presets->parsed()) return run_presets(presets_opt);
  if (settings->parsed()) return run_settings(settings_opt);
  if (devices->parsed()) return run_devices(devices_opt);
  if (sessions->parsed()) return run_sessions(sessions_opt);
  if (clients->parsed()) {
    clients_opt.adding = clients_add->parsed();
    clients_opt.deleting = clients_delete->parsed();
    return run_clients(clients_opt);
  }
  if (trends->parsed()) return run_trends(trends_opt);
  if (import_cmd->parsed()) {
    if (!finish_file_options("import", import_opt.source, import_text)) return kExitUsage;
    return run_file_command("import", import_opt, run_import);
  }
  if (export_cmd->parsed()) return run_export(export_opt);
  if (cards_cmd->parsed()) return run_cards(cards_opt);
  if (protocols->parsed()) return run_protocols(protocols_opt);
  if (beats->parsed()) {
    if (!finish_file_options("beats", beats_opt.source, beats_text)) return kExitUsage;
    return run_file_command("beats", beats_opt, run_beats);
  }
  if (analyze->parsed()) {
    if (!finish_file_options("analyze", analyze_opt.source, analyze_text)) return kExitUsage;
    return run_file_command("analyze", analyze_opt, run_analyze);
  }
  if (bench->parsed()) {
    if (!finish_file_options("bench", bench_opt.source, bench_text)) return kExitUsage;
    return run_file_command("bench", bench_opt, run_bench);
  }
  return kExitUsage;
}
