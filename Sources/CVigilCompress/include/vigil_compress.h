// Decompression for Vigil's readers: libdeflate for whole gzip files that fit a bounded buffer,
// a heap-allocated zlib stream for everything else (zlib keeps a pointer back to its stream, so
// the stream must not move between calls).
#ifndef VIGIL_COMPRESS_H
#define VIGIL_COMPRESS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Results of the calls below.
typedef enum vz_result {
  VZ_OK = 0,          ///< done (whole buffer) / produced output (stream)
  VZ_END = 1,         ///< stream: the compressed data ended cleanly
  VZ_NEED_INPUT = 2,  ///< stream: give it more input
  VZ_SHORT = 3,       ///< whole buffer: output buffer too small
  VZ_BAD_DATA = -1,   ///< corrupt or not gzip/zlib data
  VZ_TRUNCATED = -2,  ///< the data ends before the compressed stream does
  VZ_NO_MEMORY = -3
} vz_result;

/// Whole-buffer gunzip (all concatenated members) with libdeflate. On VZ_OK, *out_len is the size.
int vz_gunzip_whole(const void *in, size_t in_len, void *out, size_t out_cap, size_t *out_len, size_t *in_used);

/// A streaming gzip/zlib inflater (zlib, auto-detecting the header; concatenated members).
typedef struct vz_stream vz_stream;
vz_stream *vz_stream_new(void);
void vz_stream_free(vz_stream *s);
/// Supplies input; the bytes must stay valid until vz_stream_inflate asks for more.
void vz_stream_input(vz_stream *s, const void *in, size_t in_len);
/// Inflates into out; *produced says how much. Returns VZ_OK, VZ_END, VZ_NEED_INPUT or an error.
int vz_stream_inflate(vz_stream *s, void *out, size_t out_cap, size_t *produced);
/// Whether the last gzip member ended cleanly (no partial member pending).
int vz_stream_finished(const vz_stream *s);
/// Compressed bytes consumed so far.
uint64_t vz_stream_consumed(const vz_stream *s);
/// zlib's message for the last error, or NULL.
const char *vz_stream_message(const vz_stream *s);

#ifdef __cplusplus
}
#endif
#endif
