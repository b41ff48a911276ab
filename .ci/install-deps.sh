#!/usr/bin/env bash
# Installs every Debian 12 package jcsim needs to build and test (the list verified in ../shared/BUILD-NOTES.md).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends \
  build-essential cmake ninja-build ccache \
  libboost-dev libboost-graph-dev libboost-mpi-dev openmpi-bin libopenmpi-dev \
  libtbb-dev libprotobuf-dev protobuf-compiler librandom123-dev \
  libgtest-dev libgmock-dev libbenchmark-dev \
  libsqlite3-dev libsqlitecpp-dev libxlsxwriter-dev libcli11-dev nlohmann-json3-dev libfmt-dev libnlopt-cxx-dev \
  clang-14 libclang-rt-14-dev unzip chromium sqlite3 python3
