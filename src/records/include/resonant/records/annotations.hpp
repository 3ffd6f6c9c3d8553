#pragma once
// MIT-format WFDB annotation files (.atr, .ecg, ...), after PhysioNet's annot.c.
//
// Layout: a stream of 16-bit little-endian words; each holds a 6-bit code A (high bits) and a
// 10-bit value I. A = 1..49: an annotation of that type, I samples after the previous one.
// Pseudo-codes: SKIP (59: the next 4 bytes, high 16-bit word first, are a 32-bit time step
// added before the next annotation), NUM (60: I is the annotation's num field), SUB (61:
// subtype), CHN (62: channel), AUX (63: I bytes of text follow, padded to an even length).
// NUM/SUB/CHN/AUX follow the annotation they belong to; num and channel carry over to later
// annotations until changed. The word 0 ends the file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace resonant::records {

struct Annotation {
  std::int64_t sample = 0;   // frame number at the record's frame rate
  double time_s = std::numeric_limits<double>::quiet_NaN();  // sample / frame rate when known
  int code = 0;              // MIT code: 1 N, 5 V, 28 + (rhythm), ...
  char symbol = ' ';         // annotation_symbol(code)
  int subtype = 0;
  int channel = 0;
  int num = 0;
  std::string aux;           // e.g. "(AFIB" on rhythm changes
};

inline constexpr int kMaxAnnotationCode = 49;

/// Mnemonic of an MIT code ('N', 'V', '+', ...); ' ' for codes without one.
char annotation_symbol(int code);
/// The beat labels EC57 scores: N L R B A a J S V r F e j n E / f Q ?
bool is_ec57_beat(int code);

/// Parses an annotation byte stream; name is used in error messages.
std::vector<Annotation> parse_mit_annotations(std::span<const std::uint8_t> bytes,
                                              const std::string& name,
                                              double frame_rate_hz =
                                                  std::numeric_limits<double>::quiet_NaN());
std::vector<Annotation> read_mit_annotations(const std::filesystem::path& path,
                                             double frame_rate_hz =
                                                 std::numeric_limits<double>::quiet_NaN());

/// Encodes annotations (sorted by sample) in MIT format, ending with the 0 word.
std::vector<std::uint8_t> encode_mit_annotations(std::span<const Annotation> annotations);
void write_mit_annotations(const std::filesystem::path& path,
                           std::span<const Annotation> annotations);

}  // namespace resonant::records
