#pragma once
// What can go wrong with the session database, as a closed enum plus one actionable message
// naming the file and what to do. Thrown by Database and SessionWriter; the Recorder turns it
// into its "not being saved" status.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace resonant::storage {

enum class StoreErrorKind : std::uint8_t {
  kDiskFull,    // no space left (or the file size limit, ulimit -f, was reached)
  kReadOnly,    // read-only file system, read-only file, or opened read-only
  kLocked,      // another program held the database longer than the busy timeout
  kIo,          // any other read/write error of the file system
  kCantOpen,    // the file or its folder cannot be opened or created
  kNotDatabase, // not a SQLite file, or damaged
  kTooNew,      // written by a newer Resonant (schema version above ours)
  kNotFound,    // a client or session named by the caller does not exist
  kInvalid,     // the caller asked for something impossible (empty name, duplicate)
  kOther,
};

std::string_view to_string(StoreErrorKind kind);

class StoreError : public std::runtime_error {
 public:
  StoreError(StoreErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  StoreErrorKind kind() const { return kind_; }

 private:
  StoreErrorKind kind_;
};

}  // namespace resonant::storage
