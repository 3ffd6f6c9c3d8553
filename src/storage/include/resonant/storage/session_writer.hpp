#pragma once
// Writes one session's rows (rows.hpp) into the database inside transactions the caller
// opens and commits (the Recorder: one transaction per batch). Each commit also brings the
// session row up to date (last time, beat count, figures, heartbeat), so whatever is
// committed is a complete session up to that point.
//
// Threading contract: one thread (the recorder thread); not synchronised.
#include <cstdint>
#include <memory>

#include <resonant/storage/database.hpp>
#include <resonant/storage/rows.hpp>

namespace resonant::storage {

class SessionWriter {
 public:
  explicit SessionWriter(Database db);
  ~SessionWriter();
  SessionWriter(const SessionWriter&) = delete;
  SessionWriter& operator=(const SessionWriter&) = delete;

  /// BEGIN IMMEDIATE; throws StoreError.
  void begin();
  /// Writes a row inside the open transaction; throws StoreError.
  void write(const Row& row);
  /// Updates the session row and commits; throws StoreError (the transaction is then open or
  /// rolled back: call rollback()).
  void commit();
  /// Rolls back the open transaction, if any (never throws).
  void rollback();
  bool in_transaction() const;

  /// Marks the session "partial" in its own transaction (saving stopped early); false if that
  /// failed too (it will then be recovered on the next open).
  bool mark_partial() noexcept;

  /// 0 before BeginSessionRow.
  std::int64_t session_id() const;
  Database& database();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// float32 little-endian bytes of values (the samples BLOB layout), and back.
std::vector<unsigned char> encode_samples(const std::vector<float>& values);
std::vector<float> decode_samples(const void* data, std::size_t bytes);

}  // namespace resonant::storage
