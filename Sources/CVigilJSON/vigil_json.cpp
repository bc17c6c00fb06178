// simdjson On-Demand extraction of CloudTrail records, behind the C API in vigil_json.h.
//
// One pass over each record's keys, dispatching on the key; only the fields the event model
// needs are read, everything else is skipped by simdjson without being materialised.
#include "vigil_json.h"

#include <simdjson.h>


#include <arpa/inet.h>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

using namespace simdjson;

namespace {

/// One registered (event source, event name) → kind, in an open-addressing table keyed by a
/// hash of both (the lookup every record makes).
struct KindSlot {
  uint64_t hash = 0;  // 0: empty
  std::string source, name;
  uint16_t kind = 0;
  bool wanted = false;
};

enum class Mode { none, single, array, fast };

/// The fast path's position in a text whose structure simdjson's stage 1 has indexed.
struct Walk {
  const char *base = nullptr;       // the text's first non-blank byte: structural indexes count from it
  const uint32_t *idx = nullptr;    // stage 1's structural indexes
  uint32_t n = 0;                   // how many
  uint32_t i = 0;                   // the next record's structural (or the array's closing bracket)
  uint32_t emitted = 0;             // records handed out so far
  bool after_comma = false;         // the last record was followed by a comma
  bool broken = false;              // the last record was followed by neither , nor ]
  const char *text = nullptr;       // the text as vj_begin received it, for the fallback
  size_t text_len = 0, text_cap = 0;
};

}  // namespace

struct vj_reader {
  ondemand::parser od;
  ondemand::parser od_full;  // second pass over the few records an analytic wants
  dom::parser s1;            // stage 1 only, for the fast path
  Walk walk;
  bool fast = true;          // lean texts go through the fast path (falling back to On-Demand)
  uint64_t handed_over = 0;  // texts, containers midway and wanted records the fast path gave to On-Demand
  bool extract_all = true;   // one full pass for every record (no lean pass)
  bool profile = false;      // the lean pass also reads who, from where, with what, in which region
  vj_id id_storage[VJ_MAX_IDS];  // the current record's resource ids
  dom::parser dom;
  ondemand::document doc;
  ondemand::array_iterator it;
  ondemand::array_iterator end;
  Mode mode = Mode::none;
  bool container = false;  // array mode inside {"Records": [...]} (the outer object is not checked for trailing bytes)
  bool single_done = false;
  const char *buf = nullptr;
  size_t len = 0;
  int32_t err_status = 0, err_json = 0;
  uint64_t err_offset = 0;
  std::vector<KindSlot> kinds = std::vector<KindSlot>(64);  // size a power of two, at most half full
  size_t kind_count = 0;
  std::vector<vj_node> nodes;
  vj_record pending;  // the record of a single-record text, extracted by vj_begin
};

namespace {

inline void set(vj_str &s, std::string_view v) {
  s.ptr = v.data();
  s.len = v.size();
}

/// True when the raw (still escaped) key equals `lit`. Keys lie inside a padded buffer, so
/// reading n + 1 bytes past a shorter key stays in bounds.
template <size_t N>
inline bool key_is(const char *k, const char (&lit)[N]) {
  return std::memcmp(k, lit, N - 1) == 0 && k[N - 1] == '"';
}

/// The camelCase key, or its all-lowercase form (Athena and some SIEM exports lower-case
/// CloudTrail's keys); the second comparison runs only when the first fails.
template <size_t N>
inline bool key_is2(const char *k, const char (&lit)[N], const char (&lower)[N]) {
  return key_is(k, lit) || key_is(k, lower);
}

inline bool get_str(ondemand::value v, vj_str &out) {
  std::string_view s;
  if (v.get_string().get(s) == SUCCESS) {
    set(out, s);
    return true;
  }
  return false;
}

/// A string's raw (still escaped) text, without unescaping it: for the lean pass's profile keys,
/// where the same value always has the same bytes.
inline void get_raw_str(ondemand::value v, vj_str &out) {
  std::string_view tok = v.raw_json_token();
  if (tok.size() >= 2 && tok[0] == '"') {
    size_t end = tok.rfind('"');
    if (end > 0) set(out, tok.substr(1, end - 1));
  }
}

inline int two(const char *p) { return (p[0] - '0') * 10 + (p[1] - '0'); }
inline bool digits(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] < '0' || p[i] > '9') return false;
  return true;
}

int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t(era) * 146097 + doe - 719468;
}

/// RFC 3339 as CloudTrail writes it (`2026-03-16T22:14:05Z`), with optional fraction, offset,
/// or a space for `T` (CloudTrail Lake). Same rules as the Swift Timestamp parser.
bool parse_time(std::string_view s, int64_t *out) {
  const char *p = s.data();
  size_t n = s.size();
  if (n < 10 || !digits(p, 4) || p[4] != '-' || !digits(p + 5, 2) || p[7] != '-' || !digits(p + 8, 2)) return false;
  int y = two(p) * 100 + two(p + 2), mo = two(p + 5), d = two(p + 8);
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1]) return false;
  if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
  size_t i = 10;
  int h = 0, mi = 0, sec = 0, ms = 0;
  if (i < n && (p[i] == 'T' || p[i] == 't' || p[i] == ' ')) {
    i++;
    if (i + 5 > n || !digits(p + i, 2) || p[i + 2] != ':' || !digits(p + i + 3, 2)) return false;
    h = two(p + i), mi = two(p + i + 3);
    i += 5;
    if (i < n && p[i] == ':') {
      if (i + 3 > n || !digits(p + i + 1, 2)) return false;
      sec = two(p + i + 1);
      i += 3;
      if (i < n && (p[i] == '.' || p[i] == ',')) {
        i++;
        int scale = 100;
        size_t start = i;
        while (i < n && p[i] >= '0' && p[i] <= '9') {
          ms += (p[i] - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == start) return false;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return false;
  }
  int offset = 0;
  if (i < n && (p[i] == 'Z' || p[i] == 'z')) {
    i++;
  } else if (i < n && (p[i] == '+' || p[i] == '-')) {
    int sign = p[i] == '-' ? -1 : 1;
    i++;
    if (i + 2 > n || !digits(p + i, 2)) return false;
    int oh = two(p + i);
    i += 2;
    if (i < n && p[i] == ':') i++;
    if (i + 2 > n || !digits(p + i, 2)) return false;
    int om = two(p + i);
    i += 2;
    offset = sign * (oh * 60 + om) * 60;
  }
  if (i != n) return false;
  int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + (sec > 59 ? 59 : sec) - offset;
  *out = secs * 1000 + ms;
  return true;
}

struct Flags {
  bool digest = false;
  bool records = false;
};

/// `userIdentity` in the lean (profile) pass: only what names the principal — the ARN (which holds
/// the account and the user or role), or for AWS services the invoking service — and it stops at
/// the ARN: the rest of the identity (session context, keys) is skipped unread.
error_code extract_identity_lean(ondemand::object obj, vj_record *r) {
  for (auto field : obj) {
    ondemand::raw_json_string key;
    SIMDJSON_TRY(field.key().get(key));
    const char *k = key.raw();
    ondemand::value v;
    SIMDJSON_TRY(field.value().get(v));
    if (key_is(k, "arn")) {
      get_raw_str(v, r->ui_arn);
      if (r->ui_arn.len) break;
    } else if (key_is2(k, "principalId", "principalid")) {
      get_raw_str(v, r->ui_principal_id);
    } else if (key_is2(k, "invokedBy", "invokedby")) {
      get_raw_str(v, r->ui_invoked_by);
    }
  }
  return SUCCESS;
}

/// `userIdentity`, every field the event model has.
error_code extract_identity(ondemand::object obj, vj_record *r) {
  for (auto field : obj) {
    ondemand::raw_json_string key;
    SIMDJSON_TRY(field.key().get(key));
    const char *k = key.raw();
    ondemand::value v;
    SIMDJSON_TRY(field.value().get(v));
    switch (k[0]) {
      case 't': if (key_is(k, "type")) get_str(v, r->ui_type); break;
      case 'p': if (key_is2(k, "principalId", "principalid")) get_str(v, r->ui_principal_id); break;
      case 'a':
        if (key_is(k, "arn")) get_str(v, r->ui_arn);
        else if (key_is2(k, "accountId", "accountid")) get_str(v, r->ui_account);
        else if (key_is2(k, "accessKeyId", "accesskeyid")) get_str(v, r->ui_access_key);
        break;
      case 'u': if (key_is2(k, "userName", "username")) get_str(v, r->ui_user_name); break;
      case 'i': if (key_is2(k, "invokedBy", "invokedby")) get_str(v, r->ui_invoked_by); break;
      case 's':
        if (key_is2(k, "sessionContext", "sessioncontext")) {
          ondemand::object ctx;
          if (v.get_object().get(ctx) != SUCCESS) break;
          for (auto cf : ctx) {
            ondemand::raw_json_string ck;
            SIMDJSON_TRY(cf.key().get(ck));
            ondemand::value cv;
            SIMDJSON_TRY(cf.value().get(cv));
            if (key_is2(ck.raw(), "sessionIssuer", "sessionissuer")) {
              ondemand::object iss;
              if (cv.get_object().get(iss) != SUCCESS) continue;
              for (auto f : iss) {
                ondemand::raw_json_string ik;
                SIMDJSON_TRY(f.key().get(ik));
                ondemand::value iv;
                SIMDJSON_TRY(f.value().get(iv));
                const char *x = ik.raw();
                if (key_is(x, "type")) get_str(iv, r->issuer_type);
                else if (key_is2(x, "userName", "username")) get_str(iv, r->issuer_name);
                else if (key_is(x, "arn")) get_str(iv, r->issuer_arn);
                else if (key_is2(x, "accountId", "accountid")) get_str(iv, r->issuer_account);
              }
            } else if (key_is(ck.raw(), "attributes")) {
              ondemand::object at;
              if (cv.get_object().get(at) != SUCCESS) continue;
              for (auto f : at) {
                ondemand::raw_json_string ak;
                SIMDJSON_TRY(f.key().get(ak));
                if (!key_is2(ak.raw(), "mfaAuthenticated", "mfaauthenticated")) continue;
                ondemand::value av;
                SIMDJSON_TRY(f.value().get(av));
                std::string_view s;
                bool b;
                if (av.get_string().get(s) == SUCCESS) r->mfa = s == "true" ? 1 : 0;
                else if (av.get_bool().get(b) == SUCCESS) r->mfa = b ? 1 : 0;
              }
            }
          }
        }
        break;
      default: break;
    }
  }
  return SUCCESS;
}

/// The id key a raw (escaped) key names, or 0.
inline uint8_t id_key(const char *k) {
  switch (k[0]) {
    case 'i':
      if (key_is(k, "instanceId")) return VJ_ID_INSTANCE;
      if (key_is(k, "imageId")) return VJ_ID_IMAGE;
      return 0;
    case 'v': return key_is(k, "volumeId") ? VJ_ID_VOLUME : 0;
    case 's':
      if (key_is(k, "snapshotId")) return VJ_ID_SNAPSHOT;
      if (key_is(k, "sourceSnapshotId")) return VJ_ID_SOURCE_SNAPSHOT;
      if (key_is(k, "sourceImageId")) return VJ_ID_SOURCE_IMAGE;
      return 0;
    case 'S': return key_is(k, "SnapshotId") ? VJ_ID_SNAPSHOT : 0;  // EBS direct APIs
    case 'f': return key_is(k, "firstSnapshotId") ? VJ_ID_FIRST_SNAPSHOT : 0;
    case 'F': return key_is(k, "FirstSnapshotId") ? VJ_ID_FIRST_SNAPSHOT : 0;
    default: return 0;
  }
}

/// Collects resource ids from request parameters or response elements, in document order.
error_code collect_ids(ondemand::value v, vj_record *r, uint8_t side, uint8_t mapping, int depth) {
  if (depth > 24) return SUCCESS;
  ondemand::json_type t;
  SIMDJSON_TRY(v.type().get(t));
  if (t == ondemand::json_type::array) {
    ondemand::array a;
    SIMDJSON_TRY(v.get_array().get(a));
    for (auto el : a) {
      ondemand::value ev;
      SIMDJSON_TRY(el.get(ev));
      SIMDJSON_TRY(collect_ids(ev, r, side, mapping, depth + 1));
    }
    return SUCCESS;
  }
  if (t != ondemand::json_type::object) return SUCCESS;
  ondemand::object o;
  SIMDJSON_TRY(v.get_object().get(o));
  for (auto field : o) {
    ondemand::raw_json_string key;
    SIMDJSON_TRY(field.key().get(key));
    const char *k = key.raw();
    ondemand::value fv;
    SIMDJSON_TRY(field.value().get(fv));
    uint8_t id = id_key(k);
    if (!id && key_is(k, "SecondSnapshotId")) id = VJ_ID_SECOND_SNAPSHOT;
    if (!id && key_is(k, "secondSnapshotId")) id = VJ_ID_SECOND_SNAPSHOT;
    if (id) {
      std::string_view s;
      if (fv.get_string().get(s) == SUCCESS && !s.empty()) {
        if (r->ids && r->id_count < VJ_MAX_IDS) {
          vj_id &slot = const_cast<vj_id *>(r->ids)[r->id_count++];
          slot.key = id;
          slot.side = side;
          slot.mapping = mapping;
          set(slot.value, s);
        } else {
          r->ids_truncated = 1;
        }
      }
      continue;
    }
    ondemand::json_type ft;
    SIMDJSON_TRY(fv.type().get(ft));
    if (ft == ondemand::json_type::object || ft == ondemand::json_type::array) {
      uint8_t m = mapping || key_is(k, "blockDeviceMapping") || key_is(k, "BlockDeviceMappings") ? 1 : 0;
      SIMDJSON_TRY(collect_ids(fv, r, side, m, depth + 1));
    }
  }
  return SUCCESS;
}

/// One pass over a record's keys. An EventBridge envelope's `detail` is read as the record.
error_code extract(ondemand::object obj, vj_record *r, Flags &flags, int depth, int lean) {
  for (auto field : obj) {
    ondemand::raw_json_string key;
    SIMDJSON_TRY(field.key().get(key));
    const char *k = key.raw();
    ondemand::value v;
    SIMDJSON_TRY(field.value().get(v));
    if (lean) {
      // Classification only: what every record needs to be counted, filtered by time and
      // matched to the analytics that want it.
      switch (k[0]) {
        case 'e':
          if (key_is2(k, "eventTime", "eventtime")) get_str(v, r->event_time);
          else if (key_is2(k, "eventSource", "eventsource")) get_str(v, r->event_source);
          else if (key_is2(k, "eventName", "eventname")) get_str(v, r->event_name);
          break;
        case 'd':
          if (key_is(k, "detail") && depth == 0) {
            ondemand::object inner;
            if (v.get_object().get(inner) == SUCCESS) {
              r->envelope = 1;
              SIMDJSON_TRY(extract(inner, r, flags, depth + 1, lean));
            }
          } else if (key_is2(k, "digestStartTime", "digeststarttime") || key_is2(k, "digestS3Object", "digests3object")) {
            flags.digest = true;
          }
          break;
        case 'R': if (key_is(k, "Records") && depth == 0) flags.records = true; break;
        case '@': if (key_is(k, "@timestamp")) get_str(v, r->alt_time); break;
        // Activity profile (lean == 2): what every record tells the baselines.
        case 'a': if (lean == 2 && key_is2(k, "awsRegion", "awsregion")) get_raw_str(v, r->aws_region); break;
        case 's': if (lean == 2 && key_is2(k, "sourceIPAddress", "sourceipaddress")) get_raw_str(v, r->source_ip); break;
        case 'u':
          if (lean != 2) break;
          if (key_is2(k, "userAgent", "useragent")) get_raw_str(v, r->user_agent);
          else if (key_is2(k, "userIdentity", "useridentity")) {
            ondemand::object ui;
            if (v.get_object().get(ui) == SUCCESS) SIMDJSON_TRY(extract_identity_lean(ui, r));
          }
          break;
        case 'r':
          if (lean != 2) break;
          if (key_is2(k, "recipientAccountId", "recipientaccountid")) get_raw_str(v, r->recipient_account);
          break;
        default: break;
      }
      continue;
    }
    switch (k[0]) {
      case 'e':
        if (key_is2(k, "eventTime", "eventtime")) get_str(v, r->event_time);
        else if (key_is2(k, "eventSource", "eventsource")) get_str(v, r->event_source);
        else if (key_is2(k, "eventName", "eventname")) get_str(v, r->event_name);
        else if (key_is2(k, "eventID", "eventid")) get_str(v, r->event_id);
        else if (key_is2(k, "eventType", "eventtype")) get_str(v, r->event_type);
        else if (key_is2(k, "errorCode", "errorcode")) get_str(v, r->error_code);
        else if (key_is2(k, "errorMessage", "errormessage")) get_str(v, r->error_message);
        break;
      case 'a': if (key_is2(k, "awsRegion", "awsregion")) get_str(v, r->aws_region); break;
      case 's': if (key_is2(k, "sourceIPAddress", "sourceipaddress")) get_str(v, r->source_ip); break;
      case 'u':
        if (key_is2(k, "userAgent", "useragent")) get_str(v, r->user_agent);
        else if (key_is2(k, "userIdentity", "useridentity")) {
          ondemand::object ui;
          if (v.get_object().get(ui) == SUCCESS) SIMDJSON_TRY(extract_identity(ui, r));
        }
        break;
      case 'r':
        if (key_is(k, "requestParameters") || key_is(k, "requestparameters")) {
          SIMDJSON_TRY(collect_ids(v, r, 1, 0, 0));
        } else if (key_is(k, "responseElements") || key_is(k, "responseelements")) {
          SIMDJSON_TRY(collect_ids(v, r, 2, 0, 0));
        } else if (key_is2(k, "requestID", "requestid")) get_str(v, r->request_id);
        else if (key_is2(k, "recipientAccountId", "recipientaccountid")) get_str(v, r->recipient_account);
        else if (key_is2(k, "readOnly", "readonly")) {
          bool b;
          std::string_view s;
          if (v.get_bool().get(b) == SUCCESS) r->read_only = b ? 1 : 0;
          else if (v.get_string().get(s) == SUCCESS) r->read_only = s == "true" ? 1 : 0;
        }
        break;
      case 'd':
        if (key_is(k, "detail") && depth == 0) {
          ondemand::object inner;
          if (v.get_object().get(inner) == SUCCESS) {
            r->envelope = 1;
            SIMDJSON_TRY(extract(inner, r, flags, depth + 1, lean));
          }
        } else if (key_is2(k, "digestStartTime", "digeststarttime") || key_is(k, "digestS3Object")) {
          flags.digest = true;
        }
        break;
      case 'R': if (key_is(k, "Records") && depth == 0) flags.records = true; break;
      case '@': if (key_is(k, "@timestamp")) get_str(v, r->alt_time); break;  // Logstash / Elastic exports
      default: break;
    }
  }
  return SUCCESS;
}

void reset(vj_record *r) {
  std::memset(r, 0, sizeof(*r));
  r->read_only = 2;
  r->mfa = 2;
}

/// 128-bit multiply folded to 64 bits.
inline uint64_t mum(uint64_t a, uint64_t b) {
  __uint128_t r = (__uint128_t)a * b;
  return uint64_t(r) ^ uint64_t(r >> 64);
}

/// A fast 64-bit hash of bytes (one 128-bit multiply per 16 bytes, in the manner of wyhash):
/// keys for in-memory tables, never persisted.
inline uint64_t hash_bytes(const char *p, size_t n, uint64_t seed) {
  const uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull, k2 = 0x8ebc6af09c88c6e3ull;
  uint64_t h = seed ^ (uint64_t(n) * k0);
  while (n > 16) {
    uint64_t w1, w2;
    std::memcpy(&w1, p, 8);
    std::memcpy(&w2, p + 8, 8);
    h = mum(w1 ^ k1, w2 ^ h);
    p += 16;
    n -= 16;
  }
  uint64_t w1 = 0, w2 = 0;
  if (n > 8) {
    std::memcpy(&w1, p, 8);
    std::memcpy(&w2, p + 8, n - 8);
  } else {
    std::memcpy(&w1, p, n);
  }
  h = mum(w1 ^ k1, w2 ^ h);
  return mum(h ^ k2, uint64_t(n) ^ k1);
}

inline uint64_t hash_str(const vj_str &s, uint64_t seed) { return s.ptr ? hash_bytes(s.ptr, s.len, seed) : 0; }

inline uint64_t kind_hash(std::string_view source, std::string_view name) {
  return (hash_bytes(name.data(), name.size(), 0x4B1D) ^ (hash_bytes(source.data(), source.size(), 0x50C) * 3)) | 1;
}

void insert_kind(std::vector<KindSlot> &table, KindSlot slot) {
  size_t mask = table.size() - 1;
  size_t i = size_t(slot.hash) & mask;
  while (table[i].hash != 0) {
    if (table[i].hash == slot.hash && table[i].source == slot.source && table[i].name == slot.name) {
      table[i] = std::move(slot);  // registered again: the last registration wins
      return;
    }
    i = (i + 1) & mask;
  }
  table[i] = std::move(slot);
}

const KindSlot *find_kind(const vj_reader *rd, std::string_view source, std::string_view name) {
  uint64_t h = kind_hash(source, name);
  size_t mask = rd->kinds.size() - 1;
  for (size_t i = size_t(h) & mask; rd->kinds[i].hash != 0; i = (i + 1) & mask) {
    const KindSlot &k = rd->kinds[i];
    if (k.hash == h && k.name == name && k.source == source) return &k;
  }
  return nullptr;
}

/// The account and name of a principal without an ARN, by the rule Swift's
/// `PrincipalName.cloudTrail` follows: the invoking service, else the principal id.
inline bool principal_parts(const vj_record *r, std::string_view *account, std::string_view *name) {
  const vj_str &acct = r->ui_account.ptr ? r->ui_account : r->recipient_account;
  *account = acct.ptr ? std::string_view(acct.ptr, acct.len) : std::string_view();
  if (r->ui_invoked_by.ptr && r->ui_invoked_by.len) { *name = std::string_view(r->ui_invoked_by.ptr, r->ui_invoked_by.len); return true; }
  if (r->ui_principal_id.ptr && r->ui_principal_id.len) { *name = std::string_view(r->ui_principal_id.ptr, r->ui_principal_id.len); return true; }
  return false;
}

/// Dotted-quad IPv4 (what inet_pton accepts for AF_INET: four decimal parts, each 0-255).
inline bool parse_v4(const char *p, size_t n, unsigned char *out) {
  int part = 0, digits = 0, value = 0;
  for (size_t i = 0; i < n; i++) {
    char c = p[i];
    if (c >= '0' && c <= '9') {
      if (digits > 0 && value == 0) return false;  // no leading zeros
      value = value * 10 + (c - '0');
      if (++digits > 3 || value > 255) return false;
    } else if (c == '.') {
      if (digits == 0 || part == 3) return false;
      out[part++] = (unsigned char)value;
      value = digits = 0;
    } else {
      return false;
    }
  }
  if (digits == 0 || part != 3) return false;
  out[3] = (unsigned char)value;
  return true;
}

/// Keys of the activity profile: principal (account + name), source network (IPv4 /24, IPv6
/// /48, or the source's name when it is not an address), client (user agent), region.
void profile_keys(vj_record *r) {
  std::string_view account, name;
  // An ARN names one principal, except an assumed-role session's, which also names the session:
  // the key is a hash of the ARN itself (up to the role for sessions), with no parsing. A key
  // still stands for exactly one principal, which is all the tables keyed by it need.
  if (r->ui_arn.ptr && r->ui_arn.len) {
    const char *a = r->ui_arn.ptr;
    size_t n = r->ui_arn.len;
    // arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION
    const char *sts = n > 40 ? static_cast<const char *>(std::memchr(a + 4, ':', 16)) : nullptr;
    if (sts && size_t(sts - a) + 40 < n && std::memcmp(sts, ":sts::", 6) == 0) {
      const char *role = sts + 6 + 12;  // after the 12-digit account
      if (*role == ':' && std::memcmp(role + 1, "assumed-role/", 13) == 0) {
        const char *end = a + n, *q = role + 14;
        while (q < end && *q != '/') q++;
        n = size_t(q - a);
      }
    }
    r->principal_key = hash_bytes(a, n, 0xA12) | 1;
  } else r->principal_key = principal_parts(r, &account, &name)
      ? ((hash_bytes(account.empty() ? "" : account.data(), account.size(), 0x5151) * 31) ^
         hash_bytes(name.empty() ? "" : name.data(), name.size(), 0xA11CE)) | 1
      : 0;
  // User agents run to hundreds of bytes and differ at the front (product, version) or the end
  // (the CLI's command): their length, first and last 32 bytes key them.
  if (r->user_agent.ptr) {
    const char *u = r->user_agent.ptr;
    size_t n = r->user_agent.len;
    r->client_key = n <= 64 ? hash_bytes(u, n, 0xC11E) | 1 : (hash_bytes(u, 32, 0xC11E) ^ hash_bytes(u + n - 32, 32, n)) | 1;
  } else {
    r->client_key = 0;
  }
  r->region_key = r->aws_region.ptr ? hash_str(r->aws_region, 0x4E6) | 1 : 0;
  r->net_key = 0;
  if (r->source_ip.ptr && r->source_ip.len > 0) {
    const char *ip = r->source_ip.ptr;
    size_t n = r->source_ip.len;
    unsigned char a[16];
    if (parse_v4(ip, n, a)) {
      r->net_key = (uint64_t(4) << 56) | (uint64_t(a[0]) << 16) | (uint64_t(a[1]) << 8) | a[2];
      return;
    }
    // Only text with a colon can be IPv6; service names ("ec2.amazonaws.com") skip inet_pton.
    char text[64];
    if (n < sizeof text && std::memchr(ip, ':', n)) {
      std::memcpy(text, ip, n);
      text[n] = 0;
      if (inet_pton(AF_INET6, text, a) == 1) {
        uint64_t k = uint64_t(6) << 56;
        for (int i = 0; i < 6; i++) k |= uint64_t(a[i]) << (8 * (5 - i));
        r->net_key = k;
        return;
      }
    }
    r->net_key = (uint64_t(1) << 56) | (hash_str(r->source_ip, 0x50) & 0x00FFFFFFFFFFFFFFull);
  }
}

void finish(vj_reader *rd, vj_record *r) {
  if (!r->event_time.ptr) r->event_time = r->alt_time;
  if (!r->event_time.ptr) { r->status = VJ_E_NO_TIME; return; }
  if (!parse_time(std::string_view(r->event_time.ptr, r->event_time.len), &r->time_ms)) { r->status = VJ_E_BAD_TIME; return; }
  if (!r->event_name.ptr || !r->event_source.ptr) { r->status = VJ_E_NO_NAME; return; }
  if (rd->profile || rd->extract_all) profile_keys(r);
  if (const KindSlot *k = find_kind(rd, std::string_view(r->event_source.ptr, r->event_source.len),
                                   std::string_view(r->event_name.ptr, r->event_name.len))) {
    r->kind = k->kind;
    r->wanted = k->wanted;
  }
}

/// Replaces the lean record `r` with `full`, the same record read whole, keeping what the lean
/// pass decided (status, place, time, kind).
void adopt_full(vj_record *r, vj_record &full) {
  full.status = r->status;
  full.json_error = r->json_error;
  full.offset = r->offset;
  full.length = r->length;
  full.time_ms = r->time_ms;
  full.kind = r->kind;
  full.wanted = r->wanted;
  full.event_time = r->event_time;
  profile_keys(&full);
  *r = full;
}

/// Second pass over a wanted record's own bytes: every field of the event model.
void extract_full(vj_reader *rd, const char *start, size_t len, size_t readable, vj_record *r) {
  ondemand::document doc;
  ondemand::object obj;
  Flags flags;
  vj_record full;
  reset(&full);
  full.ids = rd->id_storage;
  error_code e = rd->od_full.iterate(start, len, readable).get(doc);
  if (!e) e = doc.get_object().get(obj);
  if (!e) e = extract(obj, &full, flags, 0, false);
  if (e) {  // the lean pass read this record fine; keep what it found
    return;
  }
  adopt_full(r, full);
}


/// End of the JSON object starting at p (string-aware brace matching), or nullptr.
const char *object_end(const char *p, const char *limit) {
  int depth = 0;
  bool in_str = false;
  for (; p < limit; p++) {
    char c = *p;
    if (in_str) {
      if (c == '\\') p++;
      else if (c == '"') in_str = false;
    } else if (c == '"') in_str = true;
    else if (c == '{' || c == '[') depth++;
    else if (c == '}' || c == ']') {
      if (--depth == 0) return p + 1;
    }
  }
  return nullptr;
}

/// End of the record object starting at `start`, just read to its end by the array iteration:
/// the iterator now stands on the token after its closing brace (`,` or `]`), so the brace is
/// the last non-blank byte before it. Falls back to scanning the bytes when that does not hold.
const char *record_end(vj_reader *rd, const char *start) {
  const char *loc = nullptr;
  if (rd->doc.current_location().get(loc) == SUCCESS && loc > start && loc <= rd->buf + rd->len) {
    const char *q = loc;
    while (q > start && (q[-1] == ' ' || q[-1] == '\n' || q[-1] == '\r' || q[-1] == '\t')) q--;
    if (q > start + 1 && q[-1] == '}') return q;
  }
  return object_end(start, rd->buf + rd->len);
}

/// True when the document has no tokens left (3.0.1 has no document::at_end()).
bool at_end(ondemand::document &doc) {
  const char *p = nullptr;
  return doc.current_location().get(p) == OUT_OF_BOUNDS;
}

uint64_t location(vj_reader *rd) {
  const char *loc = nullptr;
  if (rd->doc.current_location().get(loc) == SUCCESS && loc >= rd->buf && loc <= rd->buf + rd->len)
    return uint64_t(loc - rd->buf);
  return 0;
}


// ---------------------------------------------------------------------------------------------
// The fast path: simdjson's stage 1 indexes the text's structure, and the lean pass walks that
// index itself: a record's top-level keys are compared as On-Demand compares them, the few values
// the lean pass reads are taken as raw spans, and nested values are skipped by counting brackets
// over the index (a table lookup per structural, no branch on its kind). Anything it does not
// expect (a structural error, an escaped value it would have to unescape, an envelope,
// very deep nesting) hands the text back to the On-Demand path, which re-reads it from the record
// where the fast path stopped: results and error reports are On-Demand's by construction.

/// +1 for an opening bracket, -1 for a closing one, 0 for any other structural.
constexpr auto make_depth_delta() {
  struct T { int8_t v[256]; } t{};
  t.v[uint8_t('{')] = 1;
  t.v[uint8_t('[')] = 1;
  t.v[uint8_t('}')] = -1;
  t.v[uint8_t(']')] = -1;
  return t;
}
constexpr auto depth_delta = make_depth_delta();

/// Bytes a value can start with (a string, a container, a literal, a number): a key followed by
/// anything else is malformed, which On-Demand reports.
constexpr auto make_value_start() {
  struct T { bool v[256]; } t{};
  for (const char *p = "\"{[tfn-0123456789"; *p; p++) t.v[uint8_t(*p)] = true;
  return t;
}
constexpr auto value_start = make_value_start();

/// Deepest nesting the fast path skips; deeper texts are On-Demand's to judge.
constexpr int fast_max_depth = 512;
/// Largest text the fast path indexes (its index is a second one beside On-Demand's, reserved
/// for the largest text seen: larger texts, rare in CloudTrail, go to On-Demand alone).
constexpr size_t fast_max_text = size_t(16) << 20;

/// From structural j inside a container (one level deep), the structural after the container's
/// closing bracket; 0 when the index ends first or the nesting is too deep.
inline uint32_t skip_rest(const char *b, const uint32_t *idx, uint32_t n, uint32_t j) {
  int d = 1;
  while (j < n) {
    d += depth_delta.v[uint8_t(b[idx[j]])];
    j++;
    if (d <= 0) return j;
    if (d > fast_max_depth) return 0;
  }
  return 0;
}

/// The structural after the container opening at structural v, or 0.
inline uint32_t skip_container(const char *b, const uint32_t *idx, uint32_t n, uint32_t v) {
  return skip_rest(b, idx, n, v + 1);
}

/// The raw (still escaped) content of the string opening at structural v: the closing quote is
/// the last non-blank byte before the next structural.
inline bool raw_string(const char *b, const uint32_t *idx, uint32_t n, uint32_t v, vj_str &out) {
  if (v + 1 > n) return false;
  const char *open = b + idx[v];
  const char *q = b + idx[v + 1];  // the next structural, or the end of the text (sentinel)
  while (q > open + 1 && (q[-1] == ' ' || q[-1] == '\n' || q[-1] == '\r' || q[-1] == '\t')) q--;
  if (q <= open + 1 || q[-1] != '"') return false;
  out.ptr = open + 1;
  out.len = size_t(q - 1 - (open + 1));
  return true;
}

/// A string value the lean pass reads unescaped (On-Demand's get_string): taken raw when it holds
/// no escape. Returns false when the fast path must give the text back.
inline bool plain_string(const char *b, const uint32_t *idx, uint32_t n, uint32_t v, vj_str &out) {
  if (b[idx[v]] != '"') return true;  // not a string: On-Demand's get_string fails and sets nothing
  vj_str s{};
  if (!raw_string(b, idx, n, v, s)) return false;
  if (std::memchr(s.ptr, '\\', s.len)) return false;
  out = s;
  return true;
}

/// A value the profile reads raw (get_raw_str): set only when it is a string.
inline bool raw_value(const char *b, const uint32_t *idx, uint32_t n, uint32_t v, vj_str &out) {
  if (b[idx[v]] != '"') return true;
  vj_str s{};
  if (!raw_string(b, idx, n, v, s)) return false;
  out = s;
  return true;
}

enum : uint32_t { walk_fallback = 0 };

/// A JSON literal `true` or `false` at structural v (On-Demand's get_bool): 1, 0, or -1 when the
/// value is a string or anything else (-2: a malformed literal, the fast path gives up).
inline int literal_bool(const char *b, const uint32_t *idx, uint32_t v) {
  const char *p = b + idx[v];
  // The atom must end at white space or a structural character, as On-Demand's atom checks say.
  auto ends = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '}' || c == ']' || c == ':' || c == '[' || c == '{';
  };
  if (*p == 't') return std::memcmp(p, "true", 4) == 0 && ends(p[4]) ? 1 : -2;
  if (*p == 'f') return std::memcmp(p, "false", 5) == 0 && ends(p[5]) ? 0 : -2;
  return -1;
}

/// The value at structural v, skipped: the structural after it.
inline uint32_t skip_value(const char *b, const uint32_t *idx, uint32_t n, uint32_t v) {
  char c = b[idx[v]];
  return (c == '{' || c == '[') ? skip_container(b, idx, n, v) : v + 1;
}

/// What a field's reader tells the object walk: `ok` false hands the text (or record) back to
/// On-Demand; `last` ends the object here, the reader having returned the structural after its
/// closing brace (a reader that stops early skips the rest itself).
struct Step {
  bool ok = true;
  bool last = false;
  /// The structural after a value a nested walk read: a walk that could not read it fails the step.
  uint32_t nested(uint32_t after) {
    if (after == walk_fallback) ok = false;
    return after;
  }
};

/// The fields of an object opening at structural i, one by one: `field(key, value, step)`
/// returns the structural after the value it read, or 0 to have the value skipped here.
/// Returns the structural after the closing brace, or walk_fallback.
template <typename F>
uint32_t walk_object(const char *b, const uint32_t *idx, uint32_t n, uint32_t i, F field) {
  i++;
  if (i >= n) return walk_fallback;
  if (b[idx[i]] == '}') return i + 1;
  for (;;) {
    if (i + 2 >= n || b[idx[i]] != '"' || b[idx[i + 1]] != ':') return walk_fallback;
    uint32_t v = i + 2;
    if (!value_start.v[uint8_t(b[idx[v]])]) return walk_fallback;
    Step step;
    uint32_t after = field(b + idx[i] + 1, v, step);
    if (!step.ok) return walk_fallback;
    if (step.last) return after;
    if (!after) after = skip_value(b, idx, n, v);
    if (after == walk_fallback || after >= n) return walk_fallback;
    char sep = b[idx[after]];
    if (sep == ',') { i = after + 1; continue; }
    if (sep == '}') return after + 1;
    return walk_fallback;
  }
}

/// userIdentity in the lean (profile) pass, as extract_identity_lean: only what names the
/// principal, stopping at a non-empty ARN (the rest of the object is skipped unread).
uint32_t walk_identity_lean(const char *b, const uint32_t *idx, uint32_t n, uint32_t i, vj_record *r) {
  return walk_object(b, idx, n, i, [&](const char *k, uint32_t v, Step &step) -> uint32_t {
    if (key_is(k, "arn")) {
      step.ok = raw_value(b, idx, n, v, r->ui_arn);
      // (On-Demand's skip treats a string followed by a colon as a key: such texts are its to read.)
      if (step.ok && r->ui_arn.len) {
        if (v + 1 >= n || (b[idx[v + 1]] != ',' && b[idx[v + 1]] != '}')) { step.ok = false; return 0; }
        step.last = true;
        return step.nested(skip_rest(b, idx, n, v));
      }
    } else if (key_is2(k, "principalId", "principalid")) {
      step.ok = raw_value(b, idx, n, v, r->ui_principal_id);
    } else if (key_is2(k, "invokedBy", "invokedby")) {
      step.ok = raw_value(b, idx, n, v, r->ui_invoked_by);
    }
    return 0;
  });
}

/// A record object opening at structural i, read as extract() reads it in a lean pass (lean 1:
/// classification; 2: with the activity profile). Returns the structural after its closing brace,
/// or walk_fallback.
uint32_t walk_record(const char *b, const uint32_t *idx, uint32_t n, uint32_t i, vj_record *r, Flags &flags, int depth, int lean) {
  return walk_object(b, idx, n, i, [&](const char *k, uint32_t v, Step &step) -> uint32_t {
    switch (k[0]) {
      case 'e':
        if (key_is2(k, "eventTime", "eventtime")) step.ok = plain_string(b, idx, n, v, r->event_time);
        else if (key_is2(k, "eventSource", "eventsource")) step.ok = plain_string(b, idx, n, v, r->event_source);
        else if (key_is2(k, "eventName", "eventname")) step.ok = plain_string(b, idx, n, v, r->event_name);
        break;
      case 'd':
        if (key_is(k, "detail") && depth == 0) step.ok = false;  // an EventBridge envelope
        else if (key_is2(k, "digestStartTime", "digeststarttime") || key_is2(k, "digestS3Object", "digests3object")) flags.digest = true;
        break;
      case 'R': if (key_is(k, "Records") && depth == 0) step.ok = false; break;
      case '@': if (key_is(k, "@timestamp")) step.ok = plain_string(b, idx, n, v, r->alt_time); break;
      case 'a': if (lean == 2 && key_is2(k, "awsRegion", "awsregion")) step.ok = raw_value(b, idx, n, v, r->aws_region); break;
      case 's': if (lean == 2 && key_is2(k, "sourceIPAddress", "sourceipaddress")) step.ok = raw_value(b, idx, n, v, r->source_ip); break;
      case 'u':
        if (lean != 2) break;
        if (key_is2(k, "userAgent", "useragent")) step.ok = raw_value(b, idx, n, v, r->user_agent);
        else if (key_is2(k, "userIdentity", "useridentity") && b[idx[v]] == '{') {
          return step.nested(walk_identity_lean(b, idx, n, v, r));
        }
        break;
      case 'r':
        if (lean == 2 && key_is2(k, "recipientAccountId", "recipientaccountid")) step.ok = raw_value(b, idx, n, v, r->recipient_account);
        break;
      default: break;
    }
    return 0;
  });
}

/// collect_ids on the index: resource ids of the value at structural v, in document order.
uint32_t walk_ids(const char *b, const uint32_t *idx, uint32_t n, uint32_t v, vj_record *r, uint8_t side, uint8_t mapping, int depth) {
  char c = b[idx[v]];
  if (depth > 24 || (c != '{' && c != '[')) return skip_value(b, idx, n, v);
  if (c == '[') {
    uint32_t j = v + 1;
    if (j >= n) return walk_fallback;
    if (b[idx[j]] == ']') return j + 1;
    for (;;) {
      if (!value_start.v[uint8_t(b[idx[j]])]) return walk_fallback;
      uint32_t after = walk_ids(b, idx, n, j, r, side, mapping, depth + 1);
      if (after == walk_fallback || after >= n) return walk_fallback;
      char sep = b[idx[after]];
      if (sep == ',') { j = after + 1; continue; }
      if (sep == ']') return after + 1;
      return walk_fallback;
    }
  }
  return walk_object(b, idx, n, v, [&](const char *k, uint32_t fv, Step &step) -> uint32_t {
    uint8_t id = id_key(k);
    if (!id && key_is(k, "SecondSnapshotId")) id = VJ_ID_SECOND_SNAPSHOT;
    if (!id && key_is(k, "secondSnapshotId")) id = VJ_ID_SECOND_SNAPSHOT;
    if (id) {
      vj_str s{};
      if (!plain_string(b, idx, n, fv, s)) { step.ok = false; return 0; }
      if (s.ptr && s.len) {
        if (r->ids && r->id_count < VJ_MAX_IDS) {
          vj_id &slot = const_cast<vj_id *>(r->ids)[r->id_count++];
          slot.key = id;
          slot.side = side;
          slot.mapping = mapping;
          slot.value = s;
        } else {
          r->ids_truncated = 1;
        }
      }
      return 0;
    }
    char fc = b[idx[fv]];
    if (fc == '{' || fc == '[') {
      uint8_t m = mapping || key_is(k, "blockDeviceMapping") || key_is(k, "BlockDeviceMappings") ? 1 : 0;
      return step.nested(walk_ids(b, idx, n, fv, r, side, m, depth + 1));
    }
    return 0;
  });
}

/// extract_identity on the index.
uint32_t walk_identity_full(const char *b, const uint32_t *idx, uint32_t n, uint32_t i, vj_record *r) {
  return walk_object(b, idx, n, i, [&](const char *k, uint32_t v, Step &step) -> uint32_t {
    switch (k[0]) {
      case 't': if (key_is(k, "type")) step.ok = plain_string(b, idx, n, v, r->ui_type); break;
      case 'p': if (key_is2(k, "principalId", "principalid")) step.ok = plain_string(b, idx, n, v, r->ui_principal_id); break;
      case 'a':
        if (key_is(k, "arn")) step.ok = plain_string(b, idx, n, v, r->ui_arn);
        else if (key_is2(k, "accountId", "accountid")) step.ok = plain_string(b, idx, n, v, r->ui_account);
        else if (key_is2(k, "accessKeyId", "accesskeyid")) step.ok = plain_string(b, idx, n, v, r->ui_access_key);
        break;
      case 'u': if (key_is2(k, "userName", "username")) step.ok = plain_string(b, idx, n, v, r->ui_user_name); break;
      case 'i': if (key_is2(k, "invokedBy", "invokedby")) step.ok = plain_string(b, idx, n, v, r->ui_invoked_by); break;
      case 's':
        if (key_is2(k, "sessionContext", "sessioncontext") && b[idx[v]] == '{') {
          return step.nested(walk_object(b, idx, n, v, [&](const char *ck, uint32_t cv, Step &cok) -> uint32_t {
            if (key_is2(ck, "sessionIssuer", "sessionissuer") && b[idx[cv]] == '{') {
              return cok.nested(walk_object(b, idx, n, cv, [&](const char *x, uint32_t iv, Step &iok) -> uint32_t {
                if (key_is(x, "type")) iok.ok = plain_string(b, idx, n, iv, r->issuer_type);
                else if (key_is2(x, "userName", "username")) iok.ok = plain_string(b, idx, n, iv, r->issuer_name);
                else if (key_is(x, "arn")) iok.ok = plain_string(b, idx, n, iv, r->issuer_arn);
                else if (key_is2(x, "accountId", "accountid")) iok.ok = plain_string(b, idx, n, iv, r->issuer_account);
                return 0;
              }));
            }
            if (key_is(ck, "attributes") && b[idx[cv]] == '{') {
              return cok.nested(walk_object(b, idx, n, cv, [&](const char *x, uint32_t av, Step &aok) -> uint32_t {
                if (!key_is2(x, "mfaAuthenticated", "mfaauthenticated")) return 0;
                if (b[idx[av]] == '"') {
                  vj_str s{};
                  if (!plain_string(b, idx, n, av, s)) { aok.ok = false; return 0; }
                  r->mfa = s.len == 4 && std::memcmp(s.ptr, "true", 4) == 0 ? 1 : 0;
                } else {
                  int t = literal_bool(b, idx, av);
                  if (t == -2) aok.ok = false;
                  else if (t >= 0) r->mfa = uint8_t(t);
                }
                return 0;
              }));
            }
            return 0;
          }));
        }
        break;
      default: break;
    }
    return 0;
  });
}

/// extract() with every field (lean 0) on the index, for a wanted record's object at structural
/// i (the record's own text, depth 0). Returns false when extract_full must read it instead.
bool walk_full(const char *b, const uint32_t *idx, uint32_t n, uint32_t i, vj_record *r) {
  uint32_t end = walk_object(b, idx, n, i, [&](const char *k, uint32_t v, Step &step) -> uint32_t {
    switch (k[0]) {
      case 'e':
        if (key_is2(k, "eventTime", "eventtime")) step.ok = plain_string(b, idx, n, v, r->event_time);
        else if (key_is2(k, "eventSource", "eventsource")) step.ok = plain_string(b, idx, n, v, r->event_source);
        else if (key_is2(k, "eventName", "eventname")) step.ok = plain_string(b, idx, n, v, r->event_name);
        else if (key_is2(k, "eventID", "eventid")) step.ok = plain_string(b, idx, n, v, r->event_id);
        else if (key_is2(k, "eventType", "eventtype")) step.ok = plain_string(b, idx, n, v, r->event_type);
        else if (key_is2(k, "errorCode", "errorcode")) step.ok = plain_string(b, idx, n, v, r->error_code);
        else if (key_is2(k, "errorMessage", "errormessage")) step.ok = plain_string(b, idx, n, v, r->error_message);
        break;
      case 'a': if (key_is2(k, "awsRegion", "awsregion")) step.ok = plain_string(b, idx, n, v, r->aws_region); break;
      case 's': if (key_is2(k, "sourceIPAddress", "sourceipaddress")) step.ok = plain_string(b, idx, n, v, r->source_ip); break;
      case 'u':
        if (key_is2(k, "userAgent", "useragent")) step.ok = plain_string(b, idx, n, v, r->user_agent);
        else if (key_is2(k, "userIdentity", "useridentity") && b[idx[v]] == '{') {
          return step.nested(walk_identity_full(b, idx, n, v, r));
        }
        break;
      case 'r':
        if (key_is(k, "requestParameters") || key_is(k, "requestparameters")) {
          return step.nested(walk_ids(b, idx, n, v, r, 1, 0, 0));
        } else if (key_is(k, "responseElements") || key_is(k, "responseelements")) {
          return step.nested(walk_ids(b, idx, n, v, r, 2, 0, 0));
        } else if (key_is2(k, "requestID", "requestid")) step.ok = plain_string(b, idx, n, v, r->request_id);
        else if (key_is2(k, "recipientAccountId", "recipientaccountid")) step.ok = plain_string(b, idx, n, v, r->recipient_account);
        else if (key_is2(k, "readOnly", "readonly")) {
          if (b[idx[v]] == '"') {
            vj_str s{};
            if (!plain_string(b, idx, n, v, s)) { step.ok = false; break; }
            r->read_only = s.len == 4 && std::memcmp(s.ptr, "true", 4) == 0 ? 1 : 0;
          } else {
            int t = literal_bool(b, idx, v);
            if (t == -2) step.ok = false;
            else if (t >= 0) r->read_only = uint8_t(t);
          }
        }
        break;
      case 'd':
        // An envelope's detail, or a digest: extract_full's to read.
        if (key_is(k, "detail") || key_is2(k, "digestStartTime", "digeststarttime") || key_is(k, "digestS3Object")) step.ok = false;
        break;
      case 'R': if (key_is(k, "Records")) step.ok = false; break;
      case '@': if (key_is(k, "@timestamp")) step.ok = plain_string(b, idx, n, v, r->alt_time); break;
      default: break;
    }
    return 0;
  });
  return end != walk_fallback;
}

/// A wanted record read whole from the index the lean walk used (its object opens at structural
/// `first`), as extract_full reads it: false when extract_full must read it instead.
bool full_from_index(vj_reader *rd, const char *b, const uint32_t *idx, uint32_t n, uint32_t first, vj_record *r) {
  vj_record full;
  reset(&full);
  full.ids = rd->id_storage;
  if (!walk_full(b, idx, n, first, &full)) {
    rd->handed_over++;
    return false;
  }
  adopt_full(r, full);
  return true;
}

/// Starts a text on the fast path; 0 when it must go to On-Demand instead.
int begin_fast(vj_reader *r, const char *buf, size_t len, size_t capacity, size_t lead) {
  const char *b = buf + lead;
  size_t l = len - lead;
  if (l > fast_max_text) return 0;
  if (r->s1.capacity() < l && r->s1.allocate(l, fast_max_depth)) return 0;
  if (r->s1.implementation->stage1(reinterpret_cast<const uint8_t *>(b), l, stage1_mode::regular)) return 0;
  const uint32_t *idx = r->s1.implementation->structural_indexes.get();
  uint32_t n = r->s1.implementation->n_structural_indexes;
  if (n < 2 || b[idx[0]] != '{') return 0;
  // On-Demand refuses a root object whose last structural is not its closing brace before reading
  // anything (and checks the balance when the padding starts with one): so does the fast path.
  if (b[idx[n - 1]] != '}' || b[l] == '}') return 0;
  Walk &w = r->walk;
  w = Walk();
  w.base = b;
  w.idx = idx;
  w.n = n;
  w.text = buf;
  w.text_len = len;
  w.text_cap = capacity;
  // CloudTrail's own files: {"Records":[ ... ]} with "Records" first.
  if (n >= 4 && b[idx[1]] == '"' && key_is(b + idx[1] + 1, "Records") && b[idx[2]] == ':') {
    if (b[idx[3]] != '[') return 0;
    w.i = 4;
    r->mode = Mode::fast;
    r->container = true;
    r->buf = buf;
    r->len = len;
    return VJ_TEXT_CONTAINER;
  }
  // Any other object is one record, read whole here.
  vj_record *rec = &r->pending;
  reset(rec);
  Flags flags;
  uint32_t end = walk_record(b, idx, n, 0, rec, flags, 0, r->profile ? 2 : 1);
  if (end != n || flags.records) return 0;  // trailing content, or "Records" further on
  if (flags.digest) {  // a CloudTrail digest file: skipped, as On-Demand's path says
    r->mode = Mode::none;
    r->buf = buf;
    r->len = len;
    return VJ_TEXT_DIGEST;
  }
  size_t nlen = l;
  while (nlen > 0 && (b[nlen - 1] == '\n' || b[nlen - 1] == '\r' || b[nlen - 1] == ' ' || b[nlen - 1] == '\t')) nlen--;
  rec->offset = lead;
  rec->length = nlen;
  r->buf = buf;
  r->len = len;
  finish(r, rec);
  if (rec->status == VJ_OK && rec->wanted && !full_from_index(r, b, idx, n, 0, rec)) extract_full(r, b, nlen, capacity - lead, rec);
  r->mode = Mode::single;
  r->single_done = false;
  return VJ_TEXT_RECORD;
}

}  // namespace

extern "C" {

vj_reader *vj_reader_new(void) {
#if defined(__x86_64__)
  // The On-Demand code is compiled for AVX2 (haswell); refuse rather than crash elsewhere.
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi2")) return nullptr;
#endif
  return new (std::nothrow) vj_reader();
}

void vj_reader_free(vj_reader *r) { delete r; }

void vj_reader_register_kind(vj_reader *r, const char *event_source, const char *event_name, uint16_t kind, int wanted) {
  if ((r->kind_count + 1) * 2 > r->kinds.size()) {
    std::vector<KindSlot> bigger(r->kinds.size() * 2);
    for (auto &k : r->kinds)
      if (k.hash) insert_kind(bigger, std::move(k));
    r->kinds = std::move(bigger);
  }
  KindSlot slot;
  slot.source = event_source;
  slot.name = event_name;
  slot.hash = kind_hash(slot.source, slot.name);
  slot.kind = kind;
  slot.wanted = wanted != 0;
  insert_kind(r->kinds, std::move(slot));
  r->kind_count++;
}

void vj_reader_set_extract_all(vj_reader *r, int all) { r->extract_all = all != 0; }

void vj_reader_set_profile(vj_reader *r, int profile) { r->profile = profile != 0; }

void vj_reader_set_fast(vj_reader *r, int fast) { r->fast = fast != 0; }

uint64_t vj_reader_handed_over(const vj_reader *r) { return r->handed_over; }

static int begin_ondemand(vj_reader *r, const char *buf, size_t len, size_t capacity) {
  r->buf = buf;
  r->len = len;
  r->mode = Mode::none;
  r->container = false;
  r->single_done = false;
  r->err_status = VJ_OK;
  r->err_json = 0;
  r->err_offset = 0;
  size_t i = 0;
  if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) i = 3;
  while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
  if (i == len) { r->err_status = VJ_E_EMPTY; return VJ_TEXT_ERROR; }
  auto fail = [&](error_code e, int32_t status = VJ_E_JSON) {
    r->err_status = status;
    r->err_json = int32_t(e);
    r->err_offset = location(r);
    return VJ_TEXT_ERROR;
  };
  error_code e = r->od.iterate(buf + i, len - i, capacity - i).get(r->doc);
  r->buf = buf + i;  // offsets below are relative to the first non-blank byte...
  r->len = len - i;
  if (e) { r->err_status = VJ_E_JSON; r->err_json = int32_t(e); r->err_offset = i; return VJ_TEXT_ERROR; }
  ondemand::json_type t;
  if ((e = r->doc.type().get(t))) return fail(e);
  if (t == ondemand::json_type::array) {
    ondemand::array arr;
    if ((e = r->doc.get_array().get(arr))) return fail(e);
    if ((e = arr.begin().get(r->it))) return fail(e);
    if ((e = arr.end().get(r->end))) return fail(e);
    r->mode = Mode::array;
    r->buf = buf;  // ...and are made relative to the text again
    r->len = len;
    return VJ_TEXT_ARRAY;
  }
  if (t != ondemand::json_type::object) return fail(SUCCESS, VJ_E_NOT_OBJECT);
  // Fast path: CloudTrail's own files start with "Records".
  ondemand::object obj;
  if ((e = r->doc.get_object().get(obj))) return fail(e);
  const char *first = buf + i + 1;
  while (*first == ' ' || *first == '\t' || *first == '\r' || *first == '\n') first++;
  bool records = std::memcmp(first, "\"Records\"", 9) == 0;
  if (!records) {
    // Any other object is one record (read now, in its only pass), unless the pass finds
    // "Records" further on, or digest keys.
    vj_record *rec = &r->pending;
    reset(rec);
    if (r->extract_all) rec->ids = r->id_storage;
    Flags flags;
    e = extract(obj, rec, flags, 0, r->extract_all ? 0 : (r->profile ? 2 : 1));
    if (!e && !flags.records && !at_end(r->doc)) e = TRAILING_CONTENT;
    size_t lead = i;
    size_t n = len - i;
    while (n > 0 && (buf[lead + n - 1] == '\n' || buf[lead + n - 1] == '\r' || buf[lead + n - 1] == ' ' ||
                     buf[lead + n - 1] == '\t'))
      n--;
    rec->offset = lead;
    rec->length = n;
    r->buf = buf;
    r->len = len;
    if (e) {
      rec->status = VJ_E_JSON;
      rec->json_error = int32_t(e);
    } else if (flags.digest) {
      return VJ_TEXT_DIGEST;
    } else if (!flags.records) {
      finish(r, rec);
      if (rec->status == VJ_OK && rec->wanted && !r->extract_all) extract_full(r, buf + lead, n, capacity - lead, rec);
    }
    if (e || !flags.records) {
      r->mode = Mode::single;
      return VJ_TEXT_RECORD;
    }
    r->doc.rewind();
    r->buf = buf + i;
    r->len = len - i;
  }
  ondemand::value records_value;
  if ((e = r->doc.find_field_unordered("Records").get(records_value))) return fail(e);
  ondemand::json_type rt;
  if ((e = records_value.type().get(rt))) return fail(e);
  if (rt != ondemand::json_type::array) {
    r->buf = buf;
    r->len = len;
    return fail(SUCCESS, VJ_E_RECORDS_NOT_ARRAY);
  }
  ondemand::array arr;
  if ((e = records_value.get_array().get(arr))) return fail(e);
  if ((e = arr.begin().get(r->it))) return fail(e);
  if ((e = arr.end().get(r->end))) return fail(e);
  r->mode = Mode::array;
  r->container = true;
  r->buf = buf;
  r->len = len;
  return VJ_TEXT_CONTAINER;
}

int vj_begin(vj_reader *r, const char *buf, size_t len, size_t capacity) {
  if (r->fast && !r->extract_all) {
    size_t i = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
    if (i < len && buf[i] == '{') {
      r->err_status = VJ_OK;
      r->err_json = 0;
      r->err_offset = 0;
      if (int kind = begin_fast(r, buf, len, capacity, i)) return kind;
      r->handed_over++;
    }
  }
  return begin_ondemand(r, buf, len, capacity);
}

/// Hands a container the fast path could not finish to On-Demand, which re-reads the text and
/// skips the records already handed out.
static int fast_fallback(vj_reader *r, vj_record *out) {
  r->handed_over++;
  Walk w = r->walk;
  int kind = begin_ondemand(r, w.text, w.text_len, w.text_cap);
  if (kind == VJ_TEXT_ERROR) {
    out->status = r->err_status;
    out->json_error = r->err_json;
    out->offset = r->err_offset;
    r->mode = Mode::none;
    return -1;
  }
  if (r->mode != Mode::array) {  // On-Demand reads the text differently: nothing more to add
    r->mode = Mode::none;
    return 0;
  }
  for (uint32_t k = 0; k < w.emitted && r->it != r->end; k++) ++r->it;
  return vj_next(r, out);
}

static int fast_next(vj_reader *r, vj_record *out) {
  Walk &w = r->walk;
  const char *b = w.base;
  if (w.i >= w.n || w.broken) return fast_fallback(r, out);
  char c = b[w.idx[w.i]];
  if (c == ']' && !w.after_comma) {
    r->mode = Mode::none;
    return 0;
  }
  if (c != '{') return fast_fallback(r, out);
  uint32_t first = w.i;
  uint32_t start = w.idx[first];
  Flags flags;
  uint32_t end = walk_record(b, w.idx, w.n, w.i, out, flags, 1, r->profile ? 2 : 1);
  if (end == walk_fallback || end >= w.n) {
    reset(out);
    return fast_fallback(r, out);
  }
  char sep = b[w.idx[end]];
  w.after_comma = sep == ',';
  w.broken = sep != ',' && sep != ']';  // On-Demand's to report, at the next call
  w.i = sep == ',' ? end + 1 : end;
  w.emitted++;
  out->offset = uint64_t((b + start) - r->buf);
  finish(r, out);
  if (out->status == VJ_OK && out->wanted && out->kind != 0) {
    out->length = uint64_t(w.idx[end - 1] + 1 - start);  // through the closing brace
    if (!full_from_index(r, b, w.idx, w.n, first, out)) extract_full(r, b + start, out->length, r->len + VJ_PADDING - out->offset, out);
  }
  return 1;
}

int vj_next(vj_reader *r, vj_record *out) {
  reset(out);
  if (r->extract_all) out->ids = r->id_storage;
  if (r->mode == Mode::fast) return fast_next(r, out);
  if (r->mode == Mode::single) {
    if (r->single_done) return 0;
    r->single_done = true;
    *out = r->pending;
    return 1;
  }
  if (r->mode != Mode::array) return 0;
  if (!(r->it != r->end)) {
    if (!r->container && !at_end(r->doc)) {
      out->status = VJ_E_JSON;
      out->json_error = TRAILING_CONTENT;
      out->offset = location(r);
      r->mode = Mode::none;
      return -1;
    }
    return 0;
  }
  ondemand::value v;
  error_code e = (*r->it).get(v);
  if (e) {
    out->status = VJ_E_JSON;
    out->json_error = int32_t(e);
    out->offset = location(r);
    r->mode = Mode::none;
    return -1;
  }
  std::string_view tok;
  tok = v.raw_json_token();
  out->offset = uint64_t(tok.data() - r->buf);
  ondemand::object obj;
  if (v.get_object().get(obj) != SUCCESS) {
    out->status = VJ_E_NOT_OBJECT;
  } else {
    Flags flags;
    e = extract(obj, out, flags, 1, r->extract_all ? 0 : (r->profile ? 2 : 1));
    if (e) {
      out->status = VJ_E_JSON;
      out->json_error = int32_t(e);
      r->mode = Mode::none;
      return -1;
    }
    finish(r, out);
    if (out->status == VJ_OK && (out->wanted || r->extract_all) && out->kind != 0) {
      const char *endp = record_end(r, r->buf + out->offset);
      out->length = endp ? uint64_t(endp - (r->buf + out->offset)) : 0;
      if (out->length > 0 && out->wanted && !r->extract_all)
        extract_full(r, r->buf + out->offset, out->length, r->len + VJ_PADDING - out->offset, out);
    }
  }
  ++r->it;
  return 1;
}

void vj_reader_error(vj_reader *r, int32_t *status, int32_t *json_error, uint64_t *offset) {
  *status = r->err_status;
  *json_error = r->err_json;
  *offset = r->err_offset;
}

const char *vj_error_message(int32_t json_error) { return error_message(error_code(json_error)); }

}  // extern "C"

namespace {

void export_element(std::vector<vj_node> &nodes, dom::element el, std::string_view key) {
  vj_node n{};
  set(n.key, key);
  switch (el.type()) {
    case dom::element_type::ARRAY: {
      n.type = VJ_ARRAY;
      size_t at = nodes.size();
      nodes.push_back(n);
      uint32_t count = 0;
      for (dom::element child : dom::array(el)) {
        export_element(nodes, child, std::string_view());
        count++;
      }
      nodes[at].count = count;
      return;
    }
    case dom::element_type::OBJECT: {
      n.type = VJ_OBJECT;
      size_t at = nodes.size();
      nodes.push_back(n);
      uint32_t count = 0;
      for (dom::key_value_pair kv : dom::object(el)) {
        export_element(nodes, kv.value, kv.key);
        count++;
      }
      nodes[at].count = count;
      return;
    }
    case dom::element_type::STRING: n.type = VJ_STRING; set(n.string, std::string_view(el)); break;
    case dom::element_type::INT64: n.type = VJ_NUMBER; n.number = double(int64_t(el)); break;
    case dom::element_type::UINT64: n.type = VJ_NUMBER; n.number = double(uint64_t(el)); break;
    case dom::element_type::DOUBLE: n.type = VJ_NUMBER; n.number = double(el); break;
    case dom::element_type::BOOL: n.type = VJ_BOOL; n.boolean = bool(el); break;
    case dom::element_type::NULL_VALUE: n.type = VJ_NULL; break;
  }
  nodes.push_back(n);
}

}  // namespace

extern "C" {

long vj_export(vj_reader *r, const char *buf, size_t len, size_t capacity, const char *pointer, const vj_node **nodes) {
  (void)capacity;
  r->nodes.clear();
  *nodes = nullptr;
  dom::element root;
  if (r->dom.parse(buf, len, false).get(root)) return -1;
  dom::element target;
  if (root.at_pointer(pointer).get(target)) return 0;
  export_element(r->nodes, target, std::string_view());
  *nodes = r->nodes.data();
  return long(r->nodes.size());
}

long vj_bench_parse_many(const char *buf, size_t len, size_t capacity) {
  (void)capacity;
  static thread_local dom::parser parser;
  dom::document_stream stream;
  if (parser.parse_many(buf, len, 4 << 20).get(stream)) return -1;
  long n = 0;
  for (auto doc : stream) {
    if (doc.error()) return -1;
    n++;
  }
  return n;
}

int vj_bench_ondemand_fields(vj_reader *r, const char *buf, size_t len, size_t capacity) {
  ondemand::document doc;
  ondemand::object obj;
  if (r->od.iterate(buf, len, capacity).get(doc) || doc.get_object().get(obj)) return -1;
  std::string_view a, b, c;
  for (auto field : obj) {
    ondemand::raw_json_string key;
    if (field.key().get(key)) return -1;
    const char *k = key.raw();
    if (key_is(k, "eventTime")) { if (field.value().get_string().get(a)) return -1; }
    else if (key_is(k, "eventSource")) { if (field.value().get_string().get(b)) return -1; }
    else if (key_is(k, "eventName")) { if (field.value().get_string().get(c)) return -1; }
  }
  return int(a.size() + b.size() + c.size() > 0 ? 0 : 1);
}

int vj_bench_parse_one(vj_reader *r, const char *buf, size_t len, size_t capacity) {
  (void)capacity;
  dom::element root;
  return int(r->dom.parse(buf, len, false).get(root));
}

const char *vj_dom_implementation(void) { return simdjson::get_active_implementation()->name().data(); }

const char *vj_ondemand_implementation(void) { return SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION); }

}  // extern "C"
