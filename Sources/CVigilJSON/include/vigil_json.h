// C API over simdjson for Vigil's record readers.
//
// A vj_reader owns one simdjson On-Demand parser (the single-pass field extractor) and one DOM
// parser (exporting the variable parts of the few records an analytic looks into). One reader per
// worker thread; nothing is shared.
#ifndef VIGIL_JSON_H
#define VIGIL_JSON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Bytes that must be readable after the end of every JSON text handed to this API.
#define VJ_PADDING 64

/// A borrowed string: valid until the next call on the same reader. ptr == NULL: absent.
typedef struct vj_str {
  const char *ptr;
  size_t len;
} vj_str;

/// What a JSON text holds.
typedef enum vj_text_kind {
  VJ_TEXT_RECORD = 1,      ///< one record (an NDJSON line, an EventBridge envelope)
  VJ_TEXT_CONTAINER = 2,   ///< {"Records": [...]} as CloudTrail delivers it to S3
  VJ_TEXT_ARRAY = 3,       ///< a top-level array of records
  VJ_TEXT_DIGEST = 4,      ///< a CloudTrail digest file: skipped
  VJ_TEXT_ERROR = -1       ///< not usable: see vj_reader_error
} vj_text_kind;

/// Why a record (or a whole text) could not be used.
typedef enum vj_status {
  VJ_OK = 0,
  VJ_E_JSON = 1,            ///< simdjson rejected the JSON (detail: simdjson's message)
  VJ_E_NOT_OBJECT = 2,      ///< a record that is not an object
  VJ_E_NO_TIME = 3,         ///< no eventTime
  VJ_E_BAD_TIME = 4,        ///< eventTime that is not RFC 3339
  VJ_E_NO_NAME = 5,         ///< no eventName or eventSource
  VJ_E_RECORDS_NOT_ARRAY = 6,  ///< "Records" is not an array (null, a string, ...)
  VJ_E_EMPTY = 7            ///< nothing but white space
} vj_status;

/// A resource id found in a record's request parameters or response elements.
typedef enum vj_id_key {
  VJ_ID_INSTANCE = 1, VJ_ID_VOLUME = 2, VJ_ID_SNAPSHOT = 3, VJ_ID_IMAGE = 4,
  VJ_ID_SOURCE_SNAPSHOT = 5, VJ_ID_SOURCE_IMAGE = 6, VJ_ID_FIRST_SNAPSHOT = 7, VJ_ID_SECOND_SNAPSHOT = 8
} vj_id_key;
typedef struct vj_id {
  uint8_t key;     ///< vj_id_key
  uint8_t side;    ///< 1 request parameters, 2 response elements
  uint8_t mapping; ///< 1 when found under a blockDeviceMapping
  vj_str value;
} vj_id;
#define VJ_MAX_IDS 24

/// The fields of a CloudTrail record that the event model needs, extracted in one pass.
typedef struct vj_record {
  int32_t status;          ///< vj_status
  int32_t json_error;      ///< simdjson error code when status == VJ_E_JSON
  uint64_t offset;         ///< record start, relative to the text's first byte
  uint64_t length;         ///< record length in bytes (0 when unknown)
  int64_t time_ms;         ///< eventTime in ms since the epoch
  uint16_t kind;           ///< the kind registered for (eventSource, eventName); 0 = not registered
  uint8_t read_only;       ///< 0 false, 1 true, 2 absent
  uint8_t mfa;             ///< 0 false, 1 true, 2 absent
  uint8_t envelope;        ///< 1 when the record came from an EventBridge envelope's `detail`
  uint8_t wanted;          ///< 1 when its kind was registered as wanted: every field is filled
  vj_str event_time, event_source, event_name, aws_region, source_ip, user_agent, event_id, request_id;
  vj_str error_code, error_message, recipient_account, event_type;
  vj_str ui_type, ui_principal_id, ui_arn, ui_account, ui_user_name, ui_access_key, ui_invoked_by;
  vj_str issuer_type, issuer_name, issuer_arn, issuer_account;
  vj_str alt_time;         ///< `@timestamp`, used when there is no eventTime (Logstash exports)
  /// Activity-profile keys (filled when profiling or extracting every field; 0 when absent):
  /// principal (account + name), source network (/24, /48 or source name), client (user
  /// agent), region. Fast in-memory hashes, never persisted.
  uint64_t principal_key, net_key, client_key, region_key;
  /// Resource ids of the request and response, in document order (full extraction only). The
  /// storage belongs to the reader and holds the current record's ids until the next record.
  const vj_id *ids;
  uint8_t id_count;
  uint8_t ids_truncated;  ///< 1 when more ids were present than fit
} vj_record;

/// One node of an exported JSON value, in pre-order. Objects and arrays give their child count;
/// children of an object carry their key.
typedef enum vj_node_type { VJ_NULL = 0, VJ_BOOL = 1, VJ_NUMBER = 2, VJ_STRING = 3, VJ_ARRAY = 4, VJ_OBJECT = 5 } vj_node_type;
typedef struct vj_node {
  uint8_t type;
  uint8_t boolean;
  uint32_t count;
  double number;
  vj_str key;
  vj_str string;
} vj_node;

typedef struct vj_reader vj_reader;

vj_reader *vj_reader_new(void);
void vj_reader_free(vj_reader *r);

/// Registers the kind for (event_source, event_name); vj_record.kind reports it. Records of a
/// wanted kind get every field; others only what classifies them (time, source, name), unless
/// vj_reader_set_extract_all is on.
void vj_reader_register_kind(vj_reader *r, const char *event_source, const char *event_name, uint16_t kind, int wanted);

/// 1 (the default): read every field of every record in one pass. 0: a lean pass for all records
/// and a second, full pass over the bytes of wanted records only.
void vj_reader_set_extract_all(vj_reader *r, int all);

/// When on, the lean pass also reads the principal, source address, user agent, region and
/// recipient account of every record and fills the profile keys.
void vj_reader_set_profile(vj_reader *r, int profile);

/// 1 (the default): lean passes walk simdjson's structural index directly, handing a text to
/// On-Demand whenever it holds anything the fast path does not expect (the results are the same;
/// 0 reads every text with On-Demand, for comparison).
void vj_reader_set_fast(vj_reader *r, int fast);

/// How often the fast path handed work to On-Demand: texts it did not start, containers it gave up
/// midway, wanted records it could not read whole.
uint64_t vj_reader_handed_over(const vj_reader *r);

/// Starts a JSON text of `len` bytes; `capacity` ≥ len + VJ_PADDING bytes must be readable.
/// Returns what the text holds. A text of one record is then read with vj_next like the others.
int vj_begin(vj_reader *r, const char *buf, size_t len, size_t capacity);

/// The next record of the current text. Returns 1 when `out` holds a record (whose status may be an
/// error for that record alone), 0 at the end of the text, -1 when the rest of the text is unusable
/// (out->status, out->json_error and out->offset say why and where).
int vj_next(vj_reader *r, vj_record *out);

/// After vj_begin returned VJ_TEXT_ERROR: the status, simdjson code and byte offset.
void vj_reader_error(vj_reader *r, int32_t *status, int32_t *json_error, uint64_t *offset);

/// simdjson's message for an error code.
const char *vj_error_message(int32_t json_error);

/// Parses `len` bytes (padded) as one JSON document and exports the value at `pointer` (RFC 6901,
/// "" for the whole document) as pre-order nodes, valid until the next call on this reader.
/// Returns the node count, 0 when the pointer names nothing, -1 on a JSON error.
long vj_export(vj_reader *r, const char *buf, size_t len, size_t capacity, const char *pointer, const vj_node **nodes);

/// Benchmark limit: DOM-parses every newline-delimited document in buf (simdjson parse_many) and
/// returns how many parsed, or -1.
long vj_bench_parse_many(const char *buf, size_t len, size_t capacity);

/// Benchmark limit: On-Demand over one record reading only eventTime, eventSource and eventName
/// (the least any reader must do to classify a record); returns 0, or non-zero on error.
int vj_bench_ondemand_fields(vj_reader *r, const char *buf, size_t len, size_t capacity);

/// Benchmark limit: DOM-parses one document; returns 0 or the simdjson error code.
int vj_bench_parse_one(vj_reader *r, const char *buf, size_t len, size_t capacity);

/// The SIMD kernels in use: the DOM API's run-time choice, and the On-Demand compile-time one.
const char *vj_dom_implementation(void);
const char *vj_ondemand_implementation(void);

#ifdef __cplusplus
}
#endif
#endif
