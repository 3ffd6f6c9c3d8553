#pragma once
// Thin RAII over the SQLite C API (internal to resonant::storage): a connection, prepared
// statements, and turning a SQLite result code into a StoreError with an actionable message.
//
// Threading contract: a Connection and its Statements belong to one thread at a time.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/storage/store_error.hpp>

namespace resonant::storage::detail {

/// Builds the StoreError for result code rc of an operation on the database at path
/// (errno details from the connection when there is one).
StoreError make_error(int rc, sqlite3* db, const std::filesystem::path& path, std::string_view doing);

class Connection {
 public:
  Connection() = default;
  Connection(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const { return db_; }
  const std::filesystem::path& path() const { return path_; }

  /// Runs one or more statements without results; throws StoreError.
  void exec(const char* sql, std::string_view doing);
  /// Throws the StoreError for rc unless rc is SQLITE_OK/ROW/DONE.
  void check(int rc, std::string_view doing) const;

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

class Statement {
 public:
  Statement(const Connection& c, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, double v);  // NaN and infinities are stored as NULL
  Statement& bind(int index, std::string_view v);
  Statement& bind_blob(int index, std::span<const unsigned char> bytes);
  Statement& bind_null(int index);

  /// Steps once: true when a row is available, false when done; throws on errors.
  bool step(std::string_view doing);
  /// Steps to completion and resets, keeping bindings cleared for the next use.
  void run(std::string_view doing);
  void reset();

  std::int64_t int64(int column) const;
  double real(int column) const;  // NULL -> NaN
  bool is_null(int column) const;
  std::string text(int column) const;
  /// A BLOB column's bytes (valid until the next step/reset) and its size.
  const void* blob_data(int column) const;
  std::size_t blob_bytes(int column) const;

 private:
  const Connection& c_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// Runs a query over one session's rows (its id bound as ?1) and turns each row into a T.
template <typename T, typename Make>
std::vector<T> collect(Connection& c, std::int64_t id, const char* sql, std::string_view doing,
                       Make make) {
  Statement q(c, sql);
  q.bind(1, id);
  std::vector<T> out;
  while (q.step(doing)) out.push_back(make(q));
  return out;
}

}  // namespace resonant::storage::detail
