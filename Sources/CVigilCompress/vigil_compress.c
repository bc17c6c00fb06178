#include "vigil_compress.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static _Thread_local struct libdeflate_decompressor *tls_decompressor;

int vz_gunzip_whole(const void *in, size_t in_len, void *out, size_t out_cap, size_t *out_len, size_t *in_used) {
  if (!tls_decompressor) tls_decompressor = libdeflate_alloc_decompressor();
  if (!tls_decompressor) return VZ_NO_MEMORY;
  const unsigned char *p = in;
  size_t used = 0, produced = 0;
  // A gzip file may hold several members back to back; each decompresses on its own.
  while (used < in_len) {
    size_t member_in = 0, member_out = 0;
    enum libdeflate_result r = libdeflate_gzip_decompress_ex(tls_decompressor, p + used, in_len - used,
                                                             (char *)out + produced, out_cap - produced, &member_in,
                                                             &member_out);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE) return VZ_SHORT;
    if (r != LIBDEFLATE_SUCCESS) {
      *out_len = produced;
      *in_used = used;
      return used == 0 ? VZ_BAD_DATA : VZ_BAD_DATA;
    }
    used += member_in;
    produced += member_out;
    // Trailing zero padding after the last member is tolerated, as gzip(1) does.
    size_t rest = used;
    while (rest < in_len && p[rest] == 0) rest++;
    if (rest == in_len) used = in_len;
  }
  *out_len = produced;
  *in_used = used;
  return VZ_OK;
}

struct vz_stream {
  z_stream z;
  int ended;
  int started;
};

vz_stream *vz_stream_new(void) {
  vz_stream *s = calloc(1, sizeof(vz_stream));
  if (!s) return NULL;
  if (inflateInit2(&s->z, 15 + 32) != Z_OK) {  // 15 + 32: detect gzip or zlib headers
    free(s);
    return NULL;
  }
  return s;
}

void vz_stream_free(vz_stream *s) {
  if (!s) return;
  inflateEnd(&s->z);
  free(s);
}

void vz_stream_input(vz_stream *s, const void *in, size_t in_len) {
  s->z.next_in = (Bytef *)in;
  s->z.avail_in = (uInt)in_len;
}

int vz_stream_inflate(vz_stream *s, void *out, size_t out_cap, size_t *produced) {
  *produced = 0;
  if (s->ended) {
    // Another gzip member may follow the one that ended.
    if (s->z.avail_in == 0) return VZ_NEED_INPUT;
    if (s->z.next_in[0] == 0) {  // zero padding
      while (s->z.avail_in > 0 && s->z.next_in[0] == 0) { s->z.next_in++; s->z.avail_in--; s->z.total_in++; }
      return s->z.avail_in == 0 ? VZ_NEED_INPUT : VZ_BAD_DATA;
    }
    uLong total = s->z.total_in;
    if (inflateReset(&s->z) != Z_OK) return VZ_BAD_DATA;
    s->z.total_in = total;
    s->ended = 0;
  }
  if (s->z.avail_in == 0) return VZ_NEED_INPUT;
  s->z.next_out = out;
  s->z.avail_out = (uInt)out_cap;
  int r = inflate(&s->z, Z_NO_FLUSH);
  *produced = out_cap - s->z.avail_out;
  s->started = 1;
  switch (r) {
    case Z_OK: return (*produced == 0 && s->z.avail_in == 0) ? VZ_NEED_INPUT : VZ_OK;
    case Z_STREAM_END: s->ended = 1; return s->z.avail_in == 0 ? VZ_END : VZ_OK;
    case Z_BUF_ERROR: return VZ_NEED_INPUT;
    case Z_MEM_ERROR: return VZ_NO_MEMORY;
    default: return VZ_BAD_DATA;
  }
}

uint64_t vz_stream_consumed(const vz_stream *s) { return s->z.total_in; }

const char *vz_stream_message(const vz_stream *s) { return s->z.msg; }

int vz_stream_finished(const vz_stream *s) { return s->ended; }
