// engine::write_private_file, behind `beats --out` and every export: complete or not at all,
// owner-only; a link keeps pointing where it did (its target is written, made when missing);
// a pipe is written straight through; a folder is refused with what to give instead.
#include <resonant/engine/private_output.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace resonant::engine {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(PrivateOutput, AFileIsReplacedWholeAndReadableByItsOwnerOnly) {
  testing::TempDir dir;
  const fs::path out = dir.path() / "beats.txt";
  std::ofstream(out) << "old contents that are longer than the new ones\n";
  write_private_file(out, "1\n2\n");
  EXPECT_EQ(slurp(out), "1\n2\n");
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename(), "beats.txt") << "no temporary file left behind";
  }
}

TEST(PrivateOutput, ALinkKeepsPointingWhereItDid) {
  testing::TempDir dir;
  fs::create_directory(dir.path() / "real");
  const fs::path link = dir.path() / "latest.txt";
  fs::create_symlink("real/target.txt", link);  // dangling: its target is made
  write_private_file(link, "first\n");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(slurp(dir.path() / "real" / "target.txt"), "first\n");
  write_private_file(link, "second\n");  // and then replaced
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(slurp(dir.path() / "real" / "target.txt"), "second\n");
}

TEST(PrivateOutput, APipeIsWrittenStraightThrough) {
  testing::TempDir dir;
  const fs::path fifo = dir.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = slurp(fifo); });
  write_private_file(fifo, "through the pipe\n");
  reader.join();
  EXPECT_EQ(received, "through the pipe\n");
  EXPECT_TRUE(fs::is_fifo(fs::status(fifo))) << "the pipe is still a pipe";
}

TEST(PrivateOutput, AFolderIsRefusedWithWhatToGive) {
  testing::TempDir dir;
  try {
    write_private_file(dir.path(), "x");
    FAIL() << "a folder was written over";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("it is not a file (a folder or a device): give a file's name"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fs::is_directory(dir.path()));
}

}  // namespace
}  // namespace resonant::engine
