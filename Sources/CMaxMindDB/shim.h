// libmaxminddb (Debian: libmaxminddb-dev, pkg-config name "libmaxminddb"). Debian installs
// maxminddb.h under the multiarch folder /usr/include/<triple>/ because maxminddb_config.h is
// generated per architecture; that folder is on the compiler's default search path, and
// pkg-config also names it.
#ifndef VIGIL_CMAXMINDDB_SHIM_H
#define VIGIL_CMAXMINDDB_SHIM_H

#include <sys/socket.h>
#include <netinet/in.h>
#include <maxminddb.h>

#endif
