import CVigilCompress
import Foundation

/// A bundle file's text: read whole, and gunzipped when it starts with the gzip magic bytes
/// (whatever its name says).
enum BundleFile {
    static func read(_ path: String) throws(BundleError) -> [UInt8] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        guard data.count >= 2, data[data.startIndex] == 0x1f, data[data.startIndex + 1] == 0x8b else { return [UInt8](data) }
        return try gunzip(data, file: path)
    }

    /// Whole-buffer gunzip with libdeflate. The gzip trailer's ISIZE (size mod 2³²) of the last
    /// member sizes the first attempt; a short buffer (several members, or >4 GiB) doubles.
    private static func gunzip(_ data: Data, file: String) throws(BundleError) -> [UInt8] {
        let n = data.count
        var capacity = max(n * 4, 1 << 16)
        if n >= 18 {
            let t = data.startIndex + n - 4
            let isize = Int(data[t]) | Int(data[t + 1]) << 8 | Int(data[t + 2]) << 16 | Int(data[t + 3]) << 24
            capacity = max(capacity, isize + 1)
        }
        while true {
            var produced = 0
            var consumed = 0
            var status: Int32 = 0
            let out = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                status = data.withUnsafeBytes { input in
                    vz_gunzip_whole(input.baseAddress, input.count, buffer.baseAddress, capacity, &produced, &consumed)
                }
                count = status == Int32(VZ_OK.rawValue) ? produced : 0
            }
            switch status {
            case Int32(VZ_OK.rawValue): return out
            case Int32(VZ_SHORT.rawValue) where capacity < Int.max / 4: capacity *= 2
            case Int32(VZ_NO_MEMORY.rawValue): throw .badCompression(file: file, reason: "out of memory")
            default: throw .badCompression(file: file, reason: "corrupt or truncated gzip data")
            }
        }
    }
}
