#include "engine/out/summary_csv.h"

#include "engine/out/results.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace jcsim::out {

std::string summary_csv(const results::Run& run) {
  std::string out = "metric,segment,month,mean,sd,p05,p50,p95\n";
  out.reserve(static_cast<size_t>(run.cell_size()) * 64);
  for (const auto& c : run.cell())
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\n", c.metric(), c.segment(), c.month(), c.mean(),
                   c.sd(), c.p05(), c.p50(), c.p95());
  return out;
}

std::string summary_csv(const model::Scenario& s, const stats::Layout& layout, const stats::Summary& summary) {
  return summary_csv(make_run(s, layout, summary, RunInfo{}));
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot create {}: {}", tmp, std::strerror(errno)));
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error(fmt::format("cannot write {}: {}", tmp, std::strerror(err)));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error(fmt::format("cannot flush {}: {}", tmp, std::strerror(errno)));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error(fmt::format("cannot rename {} to {}: {}", tmp, path, std::strerror(errno)));
  }
}

}  // namespace jcsim::out
