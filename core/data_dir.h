// Where the binaries find their run-time data: the analyzer's dictionaries
// and HMM, the web UI and the API description. Nothing of the source tree is
// compiled in; the directory is found from the running executable.
//
// Layout of a data directory (the build tree's build/share/chanjiao links to
// the sources, `cmake --install` copies them to PREFIX/share/chanjiao):
//   dict/            the team's dictionaries (corpus/dict)
//   jieba_hmm.tsv    jieba's HMM, converted at build time
//   web/             the static UI
//   openapi.json     the API description
#pragma once

#include <string>

namespace chanjiao {

// The directory holding the running executable (from /proc/self/exe); empty
// if it cannot be read.
std::string executable_dir();

// The data directory of the running binary: EXE_DIR/share/chanjiao (the build
// tree, where the executables sit in build/) if it exists, else
// EXE_DIR/../share/chanjiao (the installed layout, PREFIX/bin beside
// PREFIX/share; also build/tests/ and build/bench/ in the build tree), which is
// returned even when missing so that an error names the path looked for.
std::string default_data_dir();

}  // namespace chanjiao
