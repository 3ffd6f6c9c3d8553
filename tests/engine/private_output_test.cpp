// engine::write_private_file, behind `beats --out` and every export: complete or not at all,
// owner-only; a link is refused and left as it was; the process's own stdout and a pipe are
// written straight through; a folder is refused with what to give instead.
#include <resonant/engine/private_output.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

// A link is neither followed (in a shared folder it may be someone else's, pointing at one of
// your files) nor replaced (it was put there for a reason): refused, saying where it points.
TEST(PrivateOutput, ALinkIsRefusedAndLeftAsItWas) {
  testing::TempDir dir;
  fs::create_directory(dir.path() / "real");
  std::ofstream(dir.path() / "real" / "target.txt") << "kept\n";
  const fs::path link = dir.path() / "latest.txt";
  fs::create_symlink("real/target.txt", link);
  const fs::path loop = dir.path() / "a";
  fs::create_symlink("b", loop);
  fs::create_symlink("a", dir.path() / "b");
  for (const fs::path& path : {link, loop}) {
    try {
      write_private_file(path, "new\n");
      ADD_FAILURE() << path << " was written";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("it is a link to "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("give the name of the file itself"), std::string::npos);
    }
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(path)));
  }
  EXPECT_EQ(slurp(dir.path() / "real" / "target.txt"), "kept\n");
}

// The process's own stdout, redirected to a file with >>, is written where the shell sends
// it: appended, the file's earlier contents and mode kept (it was renamed over before).
TEST(PrivateOutput, OwnStdoutIsWrittenWhereTheShellSendsIt) {
  testing::TempDir dir;
  const fs::path log = dir.path() / "log.txt";
  std::ofstream(log) << "hello\n";
  fs::permissions(log, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  const int saved = ::dup(STDOUT_FILENO);
  const int appended = ::open(log.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(appended, 0);
  ::dup2(appended, STDOUT_FILENO);
  ::close(appended);
  std::string error;
  try {
    write_private_file("/dev/stdout", "beats\n");
  } catch (const std::exception& e) {
    error = e.what();
  }
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  EXPECT_EQ(error, "");
  EXPECT_EQ(slurp(log), "hello\nbeats\n");
  EXPECT_NE(fs::status(log).permissions() & fs::perms::group_read, fs::perms::none);
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
